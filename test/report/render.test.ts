import { describe, expect, it } from "vitest";
import { renderReport, routeLine } from "../../src/report/render.js";
import type { RunReport } from "../../src/report/report-types.js";

const route = {
  role: "general_builder",
  model: "gpt-5.1",
  serviceTier: "default" as const,
  reasoningEffort: "medium" as const,
  reasons: [
    "intent bugfix → general_builder via routing.intents",
    "model gpt-5.1",
    "tier flex: builders follow policy.builder_service_tier_preference.preferred",
    "skipped flex: pricing for gpt-5.1 does not offer it",
    "tier default: the first usable fallback",
    "effort medium: reasoning_effort.default",
  ],
};

function oneAttempt(): RunReport {
  return {
    runId: "20261201-120000-fix-add-ab12",
    taskId: "fix-add",
    taskFile: "tasks/fix-add.yaml",
    status: "accepted",
    exitCode: 0,
    message: "accepted on attempt 1: left in the working tree for review",
    provider: "fake",
    classification: { intent: "bugfix", source: "task", reasons: [] },
    route: [route, route],
    rolePath: ["general_builder"],
    attempts: [
      {
        attempt: 1,
        role: "general_builder",
        model: "gpt-5.1",
        outcome: "accepted",
        calls: [],
        repairs: [
          { kind: "recount", file: "src/add.js", detail: "hunk 1" },
          { kind: "recount", file: "src/add.js", detail: "hunk 1" },
          { kind: "relocate", file: "src/add.js", detail: "hunk 2" },
        ],
        filesTouched: ["src/add.js"],
        validators: [
          {
            name: "unit",
            passed: true,
            exitCode: 0,
            timedOut: false,
            durationMs: 700,
            failureCount: 0,
            failures: [],
          },
        ],
        durationMs: 1800,
      },
    ],
    reviews: [],
    totals: {
      calls: 1,
      estimatedInputTokens: 900,
      inputTokens: 880,
      cachedInputTokens: 0,
      outputTokens: 120,
      reasoningTokens: 0,
      projectedUsd: 0.04,
      actualUsd: 0.0012,
    },
    stages: [{ name: "checkpoint", durationMs: 30 }],
    change: { where: "working_tree", files: ["src/add.js"], diffstat: { files: 1, added: 1, removed: 1 } },
    undo: "leash undo 20261201-120000-fix-add-ab12",
    startedAt: "2026-12-01T12:00:00.000Z",
    endedAt: "2026-12-01T12:00:04.000Z",
    durationMs: 4000,
  };
}

describe("the terminal report", () => {
  it("a one-attempt run fits in about 12 lines of 100 columns", () => {
    const text = renderReport(oneAttempt(), { color: false });
    const lines = text.split("\n");
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it("one short route line per role; the reasons only under verbose", () => {
    expect(routeLine(route)).toBe("general_builder · gpt-5.1 · default (flex not offered) · medium");
    const text = renderReport(oneAttempt(), { color: false });
    expect(text.match(/route:/g)).toHaveLength(1);
    expect(text).not.toContain("routing.intents");
    expect(renderReport(oneAttempt(), { color: false, verbose: true })).toContain("routing.intents");
  });

  it("lists each repair once", () => {
    const text = renderReport(oneAttempt(), { color: false });
    expect(text).toContain("repaired: recount in src/add.js, relocate in src/add.js");
  });

  it("shows a verdict only once there is a trend to judge", () => {
    const report = oneAttempt();
    const failed = {
      ...report.attempts[0]!,
      outcome: "validators_failed" as const,
      verdict: { verdict: "converging", reasons: [], numbers: {} } as never,
    };
    report.attempts = [failed, { ...failed, attempt: 2 }];
    const lines = renderReport(report, { color: false }).split("\n");
    expect(lines.find((l) => l.includes(" 1. "))).not.toContain("converging");
    expect(lines.find((l) => l.includes(" 2. "))).toContain("→ converging");
  });
});
