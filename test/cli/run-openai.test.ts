import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  diffFor,
  INLINE_FIX_ARGS,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runLeashAsync } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";
import {
  type ResponsesServer,
  responseBody,
  startResponsesServer,
} from "../providers/helpers/responses-server.js";

/**
 * `leash run --provider openai` end to end: the real CLI, the real SDK, a local server that
 * speaks the Responses API, a real ledger. The key must never reach any file Leash writes.
 */

const KEY = "sk-test-LEASHSECRET-0123456789abcdef";
const ENV = { LEASH_TEST_OPENAI_KEY: KEY };

let repo: TempRepo;
let server: ResponsesServer;
beforeEach(async () => {
  server = await startResponsesServer();
});
afterEach(async () => {
  repo?.cleanup();
  await server.close();
});

function openaiProject(baseURL: string): TempRepo {
  return makeJsProject({
    provider: { openai: { enabled: true, api_key_env: "LEASH_TEST_OPENAI_KEY", base_url: baseURL } },
    roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
  });
}

const patchAnswer = (diff: string) =>
  JSON.stringify({
    kind: "unified_diff",
    unified_diff: diff,
    edits: null,
    diagnosis: null,
    classification: null,
  });

/** The server's 200 answer carrying the fix, billed on `serviceTier` with `usage`. */
const fixReply = (serviceTier: string, usage: Parameters<typeof responseBody>[0]["usage"]) => ({
  status: 200,
  body: responseBody({
    text: patchAnswer(diffFor(ADD_BUGGY, ADD_FIXED)),
    model: "gpt-5-mini",
    serviceTier,
    usage,
  }),
});

const flexUnavailable = {
  status: 429,
  body: {
    error: {
      message: "Resource Unavailable: flex capacity",
      type: "invalid_request_error",
      code: "resource_unavailable",
    },
  },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("leash run with the OpenAI provider", () => {
  it("falls back from flex to default, records both tiers, and never writes the key", async () => {
    repo = openaiProject(server.baseURL);
    const task = writeTask(repo, "fix", {});
    server.reply(
      flexUnavailable,
      fixReply("default", { input: 900, cached: 128, output: 200, reasoning: 64 }),
    );
    const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", task], ENV);
    expect(r.stderr).not.toContain(KEY);
    expect(r.status).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);

    expect(server.received.map((q) => q.body.service_tier)).toEqual(["flex", "default"]);
    expect(server.received[1]?.body).toMatchObject({
      model: "gpt-5-mini",
      store: false,
      reasoning: { effort: "medium" },
    });

    const rows = await ledgerRows(repo.root);
    expect(rows.map((row) => [row.requestedTier, row.actualTier, row.status])).toEqual([
      ["flex", null, "released"],
      ["default", "default", "settled"],
    ]);
    // gpt-5-mini default: (900-128)*0.25 + 128*0.025 + 200*2.00 per 1M tokens, rounded up to the micro-dollar
    expect(rows[1]?.actualUsd).toBe(Math.ceil(772 * 0.25 + 128 * 0.025 + 200 * 2) / 1e6);

    for (const file of filesUnder(join(repo.root, ".leash"))) {
      expect(readFileSync(file).includes(KEY), file).toBe(false);
    }
  });

  it("a recorded run replays offline to the same report figures and ledger money", async () => {
    repo = openaiProject(server.baseURL);
    const task = writeTask(repo, "fix", {});
    server.reply(flexUnavailable, fixReply("default", { input: 700, output: 150 }));
    const cassette = join(repo.root, "..", `${repo.root.split("/").pop()}.cassette.jsonl`);
    const recorded = await runLeashAsync(
      repo.root,
      ["run", "--provider", "openai", "--record", cassette, "--json", task],
      ENV,
    );
    expect(recorded.status).toBe(0);
    expect(readFileSync(cassette, "utf8")).not.toContain(KEY);
    repo.git("checkout", "--", "src/add.js");
    const calls = server.received.length;

    const replayed = await runLeashAsync(repo.root, ["run", "--replay", cassette, "--json", task], {});
    expect(replayed.status).toBe(0);
    expect(server.received.length).toBe(calls);
    const a = JSON.parse(recorded.stdout);
    const b = JSON.parse(replayed.stdout);
    expect(b.status).toBe(a.status);
    expect(b.totals).toEqual(a.totals);
    expect(b.attempts.map((x: { outcome: string }) => x.outcome)).toEqual(
      a.attempts.map((x: { outcome: string }) => x.outcome),
    );

    const rows = await ledgerRows(repo.root);
    const money = (runId: string) =>
      rows.filter((row) => row.runId === runId).map((row) => [row.requestedTier, row.status, row.actualUsd]);
    expect(money(b.runId)).toEqual(money(a.runId));
  });

  it("runs an inline task (--goal --allow --check) and saves the task it ran beside the report", async () => {
    repo = openaiProject(server.baseURL);
    server.reply(fixReply("flex", { input: 600, output: 120 }));
    const args = [...INLINE_FIX_ARGS, "--intent", "bugfix"];
    const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", ...args], ENV);
    expect(r.status, r.stderr).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);
    const runId = (JSON.parse(r.stdout) as { runId: string }).runId;
    const saved = repo.read(`.leash/runs/${runId}/task.yaml`).toString();
    expect(saved).toContain("goal: add(2, 3) must return 5");
    expect(saved).toContain("- src/add.js");
    expect(saved).toContain("- unit");
  });

  it("refuses openai when the key is missing, naming the variable, and changes nothing", async () => {
    repo = openaiProject(server.baseURL);
    const task = writeTask(repo, "fix", {});
    const before = repo.snapshot({ includeLeash: true });
    const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", task], {
      LEASH_TEST_OPENAI_KEY: "",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/LEASH_TEST_OPENAI_KEY/);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
    expect(server.received).toHaveLength(0);
  });
});

describe("orchestrator retries against the OpenAI provider", () => {
  it("retries a 500 within max_retries, each retry reserved and released, then the attempt fails", async () => {
    repo = makeJsProject({
      provider: {
        openai: {
          enabled: true,
          api_key_env: "LEASH_TEST_OPENAI_KEY",
          base_url: server.baseURL,
          max_retries: 2,
        },
      },
      roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
    });
    const task = writeTask(repo, "fix", { budget: { max_attempts: 1 } });
    server.reply({ status: 500, body: { error: { message: "upstream exploded", type: "server_error" } } });
    const before = repo.snapshot();
    const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", task], ENV);
    expect(r.status).toBe(1);
    // flex (1 try + 2 retries): the SDK itself never retried, so the server saw exactly three requests.
    expect(server.received).toHaveLength(3);
    const report = JSON.parse(r.stdout);
    expect(report.attempts[0].outcome).toBe("provider_failed");
    expect(report.attempts[0].calls).toHaveLength(3);
    const rows = await ledgerRows(repo.root);
    expect(rows.map((row) => row.status)).toEqual(["released", "released", "released"]);
    expect(repo.snapshot()).toEqual(before);
  });
});
