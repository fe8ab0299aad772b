import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger, ReservationRequest } from "../../../src/budget/ledger/contract.js";
import { openLedger } from "../../../src/budget/ledger/open.js";
import { renderRemaining, renderTotals } from "../../../src/report/render-ledger.js";
import { request, tempDir } from "./request.js";

let tmp: ReturnType<typeof tempDir>;
let ledger: Ledger;

async function settled(
  r: Partial<ReservationRequest>,
  actualUsd: number,
  tier: "flex" | "default" = "flex",
): Promise<void> {
  const res = await ledger.reserve(request(r));
  if (!res.ok) throw new Error("refused");
  await ledger.settle(res.id, {
    usage: { input: 800, cachedInput: 200, output: 300, reasoning: 100 },
    actualModel: r.model ?? "gpt-5.1",
    actualTier: tier,
    actualUsd,
    status: "settled",
  });
}

beforeAll(async () => {
  tmp = tempDir();
  ledger = await openLedger(join(tmp.dir, "ledger.sqlite"));
  await settled({ role: "general_builder", taskId: "t1", projectedUsd: 0.04 }, 0.01);
  await settled({ role: "general_builder", taskId: "t2", projectedUsd: 0.04 }, 0.02, "default");
  await settled({ role: "simple_builder", model: "gpt-5-mini", taskId: "t1", projectedUsd: 0.004 }, 0.001);
  await ledger.reserve(
    request({ role: "simple_builder", model: "gpt-5-mini", taskId: "t3", projectedUsd: 0.005 }),
  );
  await settled(
    { project: "elsewhere", projectedUsd: 1, budgets: { taskUsd: 1, roleUsd: 1, projectUsd: 1 } },
    0.5,
  );
});
afterAll(async () => {
  await ledger.close();
  tmp.cleanup();
});

describe("totals", () => {
  it("groups by role with estimated vs actual tokens and cost, for one project", async () => {
    const rows = await ledger.totals("role", "demo");
    expect(rows.map((r) => r.key)).toEqual(["general_builder", "simple_builder"]);
    expect(rows[0]).toMatchObject({
      calls: 2,
      open: 0,
      estimatedInputTokens: 2000,
      actualInputTokens: 1600,
      actualCachedTokens: 400,
      actualOutputTokens: 600,
      actualReasoningTokens: 200,
      projectedUsd: 0.08,
      actualUsd: 0.03,
      reservedUsd: 0,
    });
    expect(rows[1]).toMatchObject({ calls: 2, open: 1, actualUsd: 0.001, reservedUsd: 0.005 });
  });

  it("groups by every dimension", async () => {
    expect((await ledger.totals("project")).map((r) => r.key)).toEqual(["demo", "elsewhere"]);
    expect((await ledger.totals("task", "demo")).map((r) => r.key)).toEqual([
      "run-1/t1",
      "run-1/t2",
      "run-1/t3",
    ]);
    expect((await ledger.totals("model", "demo")).map((r) => r.key)).toEqual(["gpt-5-mini", "gpt-5.1"]);
    expect((await ledger.totals("tier", "demo")).map((r) => [r.key, r.calls])).toEqual([
      ["default", 1],
      ["flex", 3],
    ]);
    const day = new Date().toISOString().slice(0, 10);
    expect((await ledger.totals("day", "demo")).map((r) => r.key)).toEqual([day]);
  });

  it("reports what is left at project, role and task scope", async () => {
    const report = await ledger.remaining(
      { projectUsd: 1, rolesUsd: { general_builder: 0.5, simple_builder: 0.1 }, taskUsd: 0.05 },
      { project: "demo", runId: "run-1", taskId: "t1" },
    );
    expect(report.project).toEqual({ limitUsd: 1, spentUsd: 0.031, reservedUsd: 0.005, remainingUsd: 0.964 });
    expect(report.roles.simple_builder).toEqual({
      limitUsd: 0.1,
      spentUsd: 0.001,
      reservedUsd: 0.005,
      remainingUsd: 0.094,
    });
    expect(report.task).toEqual({ limitUsd: 0.05, spentUsd: 0.011, reservedUsd: 0, remainingUsd: 0.039 });
    const text = renderRemaining("demo", report);
    expect(text).toMatch(/project demo\s+\$1\.00\s+\$0\.0310\s+\$0\.0050\s+\$0\.9640/);
    expect(renderTotals("role", await ledger.totals("role", "demo"))).toMatch(/^role\s+calls/);
    expect(renderTotals("role", [])).toBe("no calls recorded yet");
  });
});
