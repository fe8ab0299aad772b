import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LedgerRow } from "../../src/budget/ledger/contract.js";
import { openLedgerAt } from "../../src/budget/ledger/open-target.js";
import { ledgerTarget } from "../../src/budget/ledger/target.js";
import { tempDir } from "../budget/ledger/request.js";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeashAsync } from "../helpers/leash-cli.js";
import { postgresTestsRun, type TestPostgres, testPostgres } from "../helpers/postgres.js";
import {
  type ResponsesServer,
  responseBody,
  startResponsesServer,
} from "../providers/helpers/responses-server.js";

/**
 * One team budget, eight `leash run` processes at once (SPEC §9): eight working trees of four
 * projects (two clones each, as on two machines; one working tree holds one run at a time),
 * every one naming the same team on the same ledger, the real SDK against one local Responses
 * server. On both stores: PostgreSQL by URL, SQLite by one shared file.
 */

const ENV = { LEASH_TEST_OPENAI_KEY: "sk-test-team-race-0123456789" };
/** Each call's output is at its cap, so it costs about what it reserved (no overrun). */
const OUTPUT_CAP = 1000;

let pgServer: TestPostgres | undefined;
let tmp: ReturnType<typeof tempDir>;
let server: ResponsesServer;
let repos: TempRepo[] = [];
beforeAll(async () => {
  tmp = tempDir();
  if (postgresTestsRun) pgServer = await testPostgres();
}, 120_000);
afterAll(async () => {
  await pgServer?.stop();
  tmp.cleanup();
});
beforeEach(async () => {
  server = await startResponsesServer();
});
afterEach(async () => {
  for (const r of repos) r.cleanup();
  repos = [];
  await server.close();
});

const fixed = JSON.stringify({
  kind: "unified_diff",
  unified_diff: diffFor(ADD_BUGGY, ADD_FIXED),
  edits: null,
  diagnosis: null,
  classification: null,
});

type Store = "sqlite" | "postgres";
const stores: Store[] = postgresTestsRun ? ["sqlite", "postgres"] : ["sqlite"];

describe.each(stores)("eight processes racing one team budget on %s", (store) => {
  it("never pass it together: each run ends 0 or 3, some of each, and no reservation stays open", async () => {
    const ledger =
      store === "postgres"
        ? { path: ".leash/ledger.sqlite", url: await pgServer!.newDatabase() }
        : { path: join(tmp.dir, "team.sqlite") };
    // A call reserves $0.0011 at flex and settles at about $0.0010: room for four, not eight.
    const teamUsd = 0.005;
    server.reply({
      status: 200,
      body: responseBody({
        text: fixed,
        model: "gpt-5-mini",
        serviceTier: "flex",
        usage: { input: 10, output: OUTPUT_CAP },
      }),
    });
    repos = Array.from({ length: 8 }, (_, i) =>
      makeJsProject({
        project: `project-${i % 4}`,
        provider: {
          openai: { enabled: true, api_key_env: "LEASH_TEST_OPENAI_KEY", base_url: server.baseURL },
        },
        roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
        limits: { max_output_tokens_per_call: OUTPUT_CAP },
        budget: { team: "racers", team_total_budget_usd: teamUsd, project_total_budget_usd: 5 },
        ledger,
      }),
    );
    const tasks = repos.map((repo) => writeTask(repo, "fix", { budget: { max_attempts: 1 } }));
    const results = await Promise.all(
      repos.map((repo, i) =>
        runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", tasks[i] ?? ""], ENV),
      ),
    );

    const codes = results.map((r) => r.status);
    for (const [i, code] of codes.entries()) expect([0, 3], results[i]?.stderr).toContain(code);
    expect(codes).toContain(0);
    expect(codes).toContain(3);
    for (const r of results.filter((x) => x.status === 3)) {
      expect(r.stdout).toMatch(/blocked: team budget racers/);
    }

    const target = ledgerTarget(ledger, tmp.dir, {});
    const shared = await openLedgerAt(target, 60_000);
    if (!shared) throw new Error("no ledger");
    let rows: LedgerRow[];
    try {
      rows = await shared.rows();
    } finally {
      await shared.close();
    }
    expect(rows.filter((r) => r.status === "reserved")).toEqual([]);
    const spentMicros = rows.reduce((sum, r) => sum + Math.round((r.actualUsd ?? 0) * 1e6), 0);
    expect(spentMicros).toBeLessThanOrEqual(teamUsd * 1e6);
    expect(rows.every((r) => r.team === "racers" && r.overrunUsd === 0)).toBe(true);
    // One call per accepted run, and not one call more than the ledger let through.
    expect(rows.filter((r) => r.status === "settled")).toHaveLength(codes.filter((c) => c === 0).length);
    expect(server.received).toHaveLength(rows.length);
  }, 600_000);
});
