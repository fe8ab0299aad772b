import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { restartServer, startCluster, stopCluster, stopServer } from "../../scripts/pg-throwaway.mjs";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, addReturning, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash, runLeashAsync } from "../helpers/leash-cli.js";
import { postgresTestsRun } from "../helpers/postgres.js";
import {
  type ResponsesServer,
  responseBody,
  startResponsesServer,
} from "../providers/helpers/responses-server.js";

/**
 * The PostgreSQL ledger goes away while a run is under way (SPEC §9, fail closed): the real CLI
 * and SDK against a local Responses server, and a throwaway cluster of this file's own that the
 * test shuts down. The run must stop before its next provider call, roll the tree back to its
 * checkpoint and exit 3; what it could not record is closed later by the lease.
 */

const ENV = { LEASH_TEST_OPENAI_KEY: "sk-test-lost-ledger-0123456789" };
const STOP_VALIDATOR = join(import.meta.dirname, "..", "fixtures", "ledger", "stop-postgres-validator.mjs");

let clusterDir: string;
let adminUrl: string;
/** A database of the current case's own. */
let url: string;
let made = 0;
let repo: TempRepo | undefined;
let server: ResponsesServer;

beforeAll(async () => {
  if (!postgresTestsRun) return;
  clusterDir = mkdtempSync(join(tmpdir(), "leash-pg-lost-"));
  adminUrl = (await startCluster(clusterDir)).url;
}, 180_000);
afterAll(() => {
  if (clusterDir) stopCluster(clusterDir);
});
beforeEach(async () => {
  server = await startResponsesServer();
  if (!postgresTestsRun) return;
  const name = `lost_${made++}`;
  await sql(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  url = u.toString();
});
afterEach(async () => {
  repo?.cleanup();
  repo = undefined;
  await server.close();
  // Each case takes the server away; the next one finds it back, on the same port.
  if (clusterDir && !existsSync(join(clusterDir, "data", "postmaster.pid"))) restartServer(clusterDir);
});

/** A patch that applies and fails the test, so the run would want a second attempt. */
const wrongPatch = JSON.stringify({
  kind: "unified_diff",
  unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")),
  edits: null,
  diagnosis: null,
  classification: null,
});
const answer = {
  status: 200,
  body: responseBody({ text: wrongPatch, model: "gpt-5-mini", serviceTier: "flex" }),
};

function project(extra: Record<string, unknown> = {}): TempRepo {
  return makeJsProject({
    provider: {
      openai: { enabled: true, api_key_env: "LEASH_TEST_OPENAI_KEY", base_url: server.baseURL },
    },
    roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
    ledger: { path: ".leash/ledger.sqlite", url },
    ...extra,
  });
}

async function sql<T extends pg.QueryResultRow>(at: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: at });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const rows = () =>
  sql<{ status: string; attempt: number; error: string | null }>(
    url,
    "SELECT status, attempt, error FROM calls ORDER BY id",
  );

interface Report {
  status: string;
  exitCode: number;
  message: string;
  block?: { code: string };
  attempts: unknown[];
}

describe.skipIf(!postgresTestsRun)("the PostgreSQL ledger lost mid-run", () => {
  it("server shut down between two calls: no further call, tree rolled back, exit 3 naming the URL without its password", async () => {
    repo = project({
      // The attempt's validator takes the server down after the first call was settled and its
      // patch applied; the run then needs a second call, which must never be made.
      commands: {
        // Unsandboxed: stopping the cluster needs its data directory, which sandbox: auto keeps away.
        unit: {
          argv: [process.execPath, STOP_VALIDATOR, join(clusterDir, "data")],
          timeout_s: 60,
          sandbox: "none",
        },
      },
    });
    const task = writeTask(repo, "fix", { budget: { max_attempts: 3 } });
    server.reply(answer);
    const before = repo.snapshot();
    const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", task], ENV);

    expect(r.status, r.stderr).toBe(3);
    expect(server.received).toHaveLength(1);
    expect(repo.snapshot()).toEqual(before);
    expect(repo.git("status", "--porcelain")).toBe("");
    const report = JSON.parse(r.stdout) as Report;
    expect(report.exitCode).toBe(3);
    expect(report.block?.code).toBe("ledger.unreachable");
    expect(report.message).toMatch(
      /PostgreSQL ledger at postgres:\/\/leash:\*\*\*@127\.0\.0\.1:\d+\/lost_\d+ cannot be reached/,
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain("leash-test-password");

    // Back up: the first call was settled before the server went; nothing was left open.
    restartServer(clusterDir);
    expect(await rows()).toMatchObject([{ status: "settled", attempt: 1 }]);
  }, 240_000);

  it("server shut down during a call: the answer is never applied, its reservation is closed by the lease", async () => {
    repo = project({ ledger: { path: ".leash/ledger.sqlite", url, lease_s: 1 } });
    const task = writeTask(repo, "fix", { budget: { max_attempts: 3 } });
    server.reply(() => {
      // The request reached the provider: it may be billed, but its settlement cannot be written.
      stopServer(clusterDir);
      return answer;
    });
    const before = repo.snapshot();
    const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", task], ENV);

    expect(r.status, r.stderr).toBe(3);
    expect(server.received).toHaveLength(1);
    expect(repo.snapshot()).toEqual(before);
    expect(repo.git("status", "--porcelain")).toBe("");
    expect((JSON.parse(r.stdout) as Report).block?.code).toBe("ledger.unreachable");

    restartServer(clusterDir);
    expect(await rows()).toMatchObject([{ status: "reserved", attempt: 1 }]);
    // The lease (1 s here) ran out while the server was down: reconcile counts it as spent.
    await new Promise((done) => setTimeout(done, 1500));
    const reconciled = runLeash(repo.root, ["ledger", "reconcile"]);
    expect(reconciled.stdout).toMatch(/1 reconciled, 0 still running/);
    expect(await rows()).toMatchObject([
      { status: "reconciled", error: expect.stringMatching(/lease expired/) },
    ]);
  }, 240_000);
});
