import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, addReturning, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash, runLeashAsync } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";
import {
  type ResponsesServer,
  responseBody,
  startResponsesServer,
} from "../providers/helpers/responses-server.js";

/**
 * A server that reports far more input than Leash counted, with the output at its cap: the call
 * settles above its reservation. That is an overrun: on the row, charged, and the run stops
 * before its next call (exit 3), naming the estimator's error.
 */

const ENV = { LEASH_TEST_OPENAI_KEY: "sk-test-overrun-0123456789" };

let repo: TempRepo;
let server: ResponsesServer;
beforeEach(async () => {
  server = await startResponsesServer();
});
afterEach(async () => {
  repo?.cleanup();
  await server.close();
});

const wrongPatch = JSON.stringify({
  kind: "unified_diff",
  unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")),
  edits: null,
  diagnosis: null,
  classification: null,
});

describe("an overrun stops the run", () => {
  it("flags the call, exits 3 before the next call, and `leash ledger` shows it", async () => {
    repo = makeJsProject({
      provider: { openai: { enabled: true, api_key_env: "LEASH_TEST_OPENAI_KEY", base_url: server.baseURL } },
      roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
      limits: { max_output_tokens_per_call: 1000 },
    });
    const task = writeTask(repo, "fix", { budget: { max_attempts: 3 } });
    server.reply({
      status: 200,
      body: responseBody({
        text: wrongPatch,
        model: "gpt-5-mini",
        serviceTier: "flex",
        usage: { input: 60_000, output: 1000 },
      }),
    });
    const before = repo.snapshot();
    const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", task], ENV);
    expect(r.status).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.block.code).toBe("budget.overrun");
    expect(report.message).toMatch(/overran its reservation: actual \$[\d.]+ > reserved \$[\d.]+/);
    expect(report.message).toMatch(
      /reported 60,000 input tokens against an estimate of [\d,]+ \(estimator error -\d/,
    );
    // The answer that overran was still used (validated, rolled back); no call came after it.
    expect(server.received).toHaveLength(1);
    expect(report.attempts.map((a: { outcome: string }) => a.outcome)).toEqual([
      "validators_failed",
      "blocked",
    ]);
    expect(repo.snapshot()).toEqual(before);

    const rows = await ledgerRows(repo.root);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.overrunUsd).toBeGreaterThan(0);
    expect(rows[0]!.actualUsd!).toBeGreaterThan(rows[0]!.projectedUsd);

    const ledger = JSON.parse(runLeash(repo.root, ["ledger", "--by", "model", "--json"]).stdout);
    expect(ledger.totals).toEqual([expect.objectContaining({ key: "gpt-5-mini", overruns: 1 })]);
    // The whole actual cost is charged to the project scope, not just the reservation.
    expect(ledger.remaining.project.spentUsd).toBe(rows[0]?.actualUsd);
    expect(ledger.estimator).toEqual([expect.objectContaining({ model: "gpt-5-mini", calls: 1 })]);
    const text = runLeash(repo.root, ["ledger", "--by", "model"]).stdout;
    expect(text).toMatch(/overruns/);
    expect(text).toMatch(/gpt-5-mini\s+1\s+-\d+\.\d%\s+-\d+\.\d%/);
  });
});
