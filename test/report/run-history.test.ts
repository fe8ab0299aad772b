import { describe, expect, it } from "vitest";
import { currentStatus, type RunEntry } from "../../src/report/run-history.js";
import type { RunState } from "../../src/report/run-state.js";

/** The status `leash runs` shows for a run, from its report or, without one, its last state. */

const state = (patch: Partial<RunState>): RunState => ({
  runId: "20261204-000000-t-abcd",
  taskId: "t",
  taskFile: "/r/tasks/t.yaml",
  status: "failed",
  stage: "attempt 1: context",
  pid: 1,
  startedAt: "2026-12-04T00:00:00.000Z",
  updatedAt: "2026-12-04T00:00:01.000Z",
  pathsAtRisk: [],
  stages: [],
  ...patch,
});
const entry = (s: RunState): RunEntry => ({ runId: s.runId, dir: `/r/.leash/runs/${s.runId}`, state: s });

describe("currentStatus", () => {
  it("a run that stopped on an error reads as what the error was, with its code", () => {
    const stop = (exitCode: number, code: string) =>
      currentStatus(entry(state({ stoppedBy: { code, message: "m", exitCode } })));
    expect(stop(2, "context.nothing_editable")).toBe("refused (context.nothing_editable)");
    expect(stop(3, "budget.context_does_not_fit")).toBe("blocked (budget.context_does_not_fit)");
    expect(stop(70, "internal")).toBe("failed (internal)");
  });

  it("without a recorded error, the state's own status; an undone run reads undone", () => {
    expect(currentStatus(entry(state({})))).toBe("failed");
    expect(currentStatus(entry(state({ status: "undone" })))).toBe("undone");
  });
});
