import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blockedError } from "../../../src/budget/blocked.js";
import type { Ledger } from "../../../src/budget/ledger/contract.js";
import { openLedger } from "../../../src/budget/ledger/open.js";
import { reserveBudget } from "../../../src/budget/reserve-budget.js";
import { request, tempDir } from "./request.js";

const names = { task: "task-1", role: "general_builder", project: "demo" };
let tmp: ReturnType<typeof tempDir>;
let ledger: Ledger;

beforeEach(async () => {
  tmp = tempDir();
  ledger = await openLedger(join(tmp.dir, "nested", "ledger.sqlite"));
});
afterEach(async () => {
  await ledger.close();
  tmp.cleanup();
});

function refusal(result: Awaited<ReturnType<Ledger["reserve"]>>) {
  if (result.ok) throw new Error("expected a refusal");
  return result;
}

describe("reserve: every budget is exact", () => {
  it("passes a budget of exactly the projected cost; one cent less blocks", async () => {
    const exact = request({
      projectedUsd: 0.0412,
      budgets: { taskUsd: 0.0412, roleUsd: 0.0412, projectUsd: 0.0412 },
    });
    expect((await ledger.reserve(exact)).ok).toBe(true);
  });

  for (const scope of ["task", "role", "project"] as const) {
    it(`blocks at one cent less on the ${scope} budget, naming that scope`, async () => {
      const budgets = { taskUsd: 1, roleUsd: 1, projectUsd: 1, [`${scope}Usd`]: 0.0312 };
      const r = refusal(await ledger.reserve(request({ projectedUsd: 0.0412, budgets })));
      expect(r).toMatchObject({ scope, limitUsd: 0.0312, spentUsd: 0, reservedUsd: 0, remainingUsd: 0.0312 });
      expect(await ledger.rows()).toEqual([]);
    });
  }

  it("sums of many small float amounts do not drift", async () => {
    const budgets = { taskUsd: 0.3, roleUsd: 0.3, projectUsd: 0.3 };
    for (let i = 0; i < 3; i++)
      expect((await ledger.reserve(request({ projectedUsd: 0.1, budgets }))).ok).toBe(true);
    expect((await ledger.reserve(request({ projectedUsd: 0.000001, budgets }))).ok).toBe(false);
  });

  it("blocks on the task budget with its own message", async () => {
    const budgets = { taskUsd: 0.05, roleUsd: 2, projectUsd: 5 };
    expect((await ledger.reserve(request({ budgets }))).ok).toBe(true);
    const r = refusal(await ledger.reserve(request({ budgets })));
    expect(r.scope).toBe("task");
    const e = blockedError(r, names);
    expect(e.code).toBe("budget.task");
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe(
      "blocked: task budget task-1: projected $0.0412 > remaining $0.0088 (spent $0.0000 + reserved $0.0412 of $0.05)",
    );
    // Another task of the same run has its own task budget.
    expect((await ledger.reserve(request({ taskId: "task-2", budgets }))).ok).toBe(true);
  });

  it("blocks on the role budget with the issue's message form", async () => {
    const budgets = { taskUsd: 5, roleUsd: 2, projectUsd: 5 };
    const first = await ledger.reserve(request({ projectedUsd: 1.985, budgets }));
    if (!first.ok) throw new Error("first reservation refused");
    await ledger.settle(first.id, {
      usage: { input: 1000, cachedInput: 0, output: 10, reasoning: 0 },
      actualModel: "gpt-5.1",
      actualTier: "flex",
      actualUsd: 1.985,
      status: "settled",
    });
    const r = refusal(await ledger.reserve(request({ budgets })));
    const e = blockedError(r, names);
    expect(e.code).toBe("budget.role");
    expect(e.message).toBe(
      "blocked: role budget general_builder: projected $0.0412 > remaining $0.0150 (spent $1.9850 of $2.00)",
    );
    expect(e.location?.field).toBe("budget.role_budgets_usd.general_builder");
    // A role with no budget is held only by task and project budgets.
    expect((await ledger.reserve(request({ budgets: { ...budgets, roleUsd: undefined } }))).ok).toBe(true);
  });

  it("blocks on the project budget across roles, runs and tasks", async () => {
    const budgets = { taskUsd: 1, roleUsd: 1, projectUsd: 0.1 };
    expect((await ledger.reserve(request({ role: "a", runId: "r1", projectedUsd: 0.06, budgets }))).ok).toBe(
      true,
    );
    const r = refusal(await ledger.reserve(request({ role: "b", runId: "r2", projectedUsd: 0.06, budgets })));
    const e = blockedError(r, names);
    expect(e.code).toBe("budget.project");
    expect(e.message).toBe(
      "blocked: project budget demo: projected $0.0600 > remaining $0.0400 (spent $0.0000 + reserved $0.0600 of $0.10)",
    );
    // Another project sharing the ledger file is untouched.
    expect((await ledger.reserve(request({ project: "other", projectedUsd: 0.06, budgets }))).ok).toBe(true);
  });
});

describe("settle, release, settle at projected", () => {
  const usage = { input: 900, cachedInput: 300, output: 1200, reasoning: 800 };

  it("settles with the actual usage, model and tier and frees the difference", async () => {
    const budgets = { taskUsd: 0.05, roleUsd: 2, projectUsd: 5 };
    const r = await ledger.reserve(request({ budgets }));
    if (!r.ok) throw new Error("refused");
    await ledger.settle(r.id, {
      usage,
      actualModel: "gpt-5.1-2025",
      actualTier: "default",
      actualUsd: 0.0123,
      status: "settled",
    });
    const [row] = await ledger.rows();
    expect(row).toMatchObject({
      status: "settled",
      actualTier: "default",
      requestedTier: "flex",
      actualInputTokens: 900,
      actualCachedTokens: 300,
      actualOutputTokens: 1200,
      actualReasoningTokens: 800,
      projectedUsd: 0.0412,
      actualUsd: 0.0123,
      host: expect.any(String),
      pid: process.pid,
    });
    expect(
      (
        await ledger.remaining(
          { projectUsd: 5, taskUsd: 0.05 },
          { project: "demo", runId: "run-1", taskId: "task-1" },
        )
      ).task,
    ).toEqual({ limitUsd: 0.05, spentUsd: 0.0123, reservedUsd: 0, remainingUsd: 0.0377 });
    await expect(
      ledger.settle(r.id, { usage, actualModel: "x", actualTier: "flex", actualUsd: 1, status: "settled" }),
    ).rejects.toThrow(/is settled, not reserved/);
  });

  it("release frees the whole reservation; settleAtProjected keeps it as spent", async () => {
    const a = await ledger.reserve(request());
    const b = await ledger.reserve(request());
    if (!a.ok || !b.ok) throw new Error("refused");
    await ledger.release(a.id, "429 tier unavailable, nothing billed");
    await ledger.settleAtProjected(b.id, "stream ended without usage");
    const rows = await ledger.rows();
    expect(rows.map((x) => [x.status, x.actualUsd])).toEqual([
      ["released", 0],
      ["settled", 0.0412],
    ]);
    expect(rows[1]?.error).toBe("usage not reported: stream ended without usage");
    expect((await ledger.remaining({ projectUsd: 5 }, { project: "demo" })).project).toEqual({
      limitUsd: 5,
      spentUsd: 0.0412,
      reservedUsd: 0,
      remainingUsd: 4.9588,
    });
    await expect(ledger.release(999, "x")).rejects.toThrow(/does not exist/);
  });
});

describe("reserveBudget and amounts", () => {
  it("returns the row id, or throws the scope's block", async () => {
    const budgets = { taskUsd: 0.05, roleUsd: undefined, projectUsd: 5 };
    expect(await reserveBudget(ledger, request({ budgets }))).toBeGreaterThan(0);
    await expect(reserveBudget(ledger, request({ budgets }))).rejects.toThrow(
      expect.objectContaining({ code: "budget.task", exitCode: 3 }),
    );
  });

  it("refuses a NaN, negative or infinite amount instead of letting it pass", async () => {
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      await expect(
        ledger.reserve(request({ budgets: { taskUsd: 1, roleUsd: 1, projectUsd: bad } })),
      ).rejects.toThrow(expect.objectContaining({ code: "ledger.bad_amount" }));
      await expect(ledger.reserve(request({ projectedUsd: bad }))).rejects.toThrow(
        expect.objectContaining({ code: "ledger.bad_amount" }),
      );
    }
    expect(await ledger.rows()).toEqual([]);
  });
});
