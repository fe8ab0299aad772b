import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../src/budget/ledger/open.js";
import {
  type ResponsesServer,
  responseBody,
  startResponsesServer,
} from "../providers/helpers/responses-server.js";
import { makeConfig, makeTask } from "../routing/config-fixture.js";
import { tempDir } from "./ledger/request.js";

/**
 * Four processes share one project budget of $0.013 and call a local Responses server through
 * the real SDK. Most answers report honest usage with the output at its cap; every fifth reports
 * far more input than was counted. Whatever the interleaving: spend ends within the budget, or an
 * overrun was flagged and nothing was reserved after spend passed the budget.
 */

const PROJECT_USD = 0.013;

let tmp: ReturnType<typeof tempDir>;
let server: ResponsesServer;
beforeEach(async () => {
  tmp = tempDir();
  server = await startResponsesServer();
});
afterEach(async () => {
  await server.close();
  tmp.cleanup();
});

const answer = (input: number) => ({
  status: 200,
  body: responseBody({
    text: JSON.stringify({
      kind: "diagnosis",
      unified_diff: null,
      edits: null,
      diagnosis: { summary: "s", root_cause: "r", evidence: [], suggested_plan: [], confidence: 0.5 },
      classification: null,
    }),
    model: "gpt-5-mini",
    usage: { input, output: 1000 },
  }),
});

describe("four processes racing one project budget", () => {
  it("never end above it unless an overrun was flagged, and then no later call was made", async () => {
    const replies = Array.from({ length: 60 }, (_, i) => answer(i % 5 === 4 ? 30_000 : 40));
    server.reply(...replies);
    const ledgerPath = join(tmp.dir, "ledger.sqlite");
    const config = makeConfig((c) => {
      c.budget.project_total_budget_usd = PROJECT_USD;
    });
    const task = makeTask({ budget: { maxUsd: 1, maxAttempts: 50, maxRuntimeS: 900 } });
    const setup = join(tmp.dir, "setup.json");
    writeFileSync(setup, JSON.stringify({ ledgerPath, baseURL: server.baseURL, config, task }));

    const workers = [1, 2, 3, 4].map((n) =>
      fork(join(import.meta.dirname, "fixtures", "call-loop.mjs"), [setup, String(n)], { stdio: "pipe" }),
    );
    await Promise.all(workers.map((w) => new Promise((ready) => w.once("message", ready))));
    const done = workers.map(
      (w) => new Promise<{ calls: number; stoppedBy: string }>((end) => w.once("message", end as never)),
    );
    for (const w of workers) w.send("go");
    const results = await Promise.all(done);
    expect(results.every((r) => ["budget.project", "overrun"].includes(r.stoppedBy))).toBe(true);

    const ledger = await openLedger(ledgerPath);
    const rows = await ledger.rows();
    await ledger.close();
    expect(rows.every((r) => r.status !== "reserved")).toBe(true);
    const micros = (usd: number | null) => Math.round((usd ?? 0) * 1e6);
    const total = rows.reduce((sum, r) => sum + micros(r.actualUsd), 0);
    if (total <= micros(PROJECT_USD)) return;

    // Above the budget: an overrun did it, and no reservation came after spend passed the budget.
    expect(rows.some((r) => r.overrunUsd > 0)).toBe(true);
    const settled = [...rows].sort((a, b) => (a.closedAt ?? "").localeCompare(b.closedAt ?? ""));
    let running = 0;
    let passedAt = "";
    for (const r of settled) {
      running += micros(r.actualUsd);
      if (running > micros(PROJECT_USD)) {
        passedAt = r.closedAt ?? "";
        break;
      }
    }
    expect(rows.filter((r) => r.time > passedAt)).toEqual([]);
  });
});
