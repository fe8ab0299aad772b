import { describe, expect, it } from "vitest";
import { judgeAttempt } from "../../src/engine/convergence.js";
import { measureAttempt } from "../../src/engine/convergence-metrics.js";
import { buildEscalationPacket, PACKET_PATCH_CHARS } from "../../src/engine/escalation-packet.js";
import { normalizeFailures } from "../../src/validate/normalize-failures.js";

const task = {
  id: "fix-duration",
  goal: "parseDuration('1h30m') must return 5400.\nMore detail.",
  allowedFiles: ["src/duration.ts"],
  validators: ["unit"],
  intent: "bugfix",
};
const fail = (text: string) => normalizeFailures("unit", text, "/r", { exitCode: 1 });
const persistent = " FAIL  test/d.test.ts > parse > hours";

describe("buildEscalationPacket", () => {
  const f1 = fail(`${persistent}\nTypeError: a`);
  const f2 = fail(`${persistent}\nTypeError: b\nTypeError: c`);
  const m1 = measureAttempt({
    attempt: 1,
    role: "simple_builder",
    outcome: "validators_failed",
    patch: "+a\n",
    failures: f1,
  });
  const m2 = measureAttempt({
    attempt: 2,
    role: "general_builder",
    outcome: "validators_failed",
    patch: "+b\n",
    failures: f2,
  });
  const v2 = judgeAttempt([m1], m2);

  const packet = buildEscalationPacket({
    task,
    routeHistory: [
      {
        role: "simple_builder",
        model: "gpt-5-mini",
        reasons: ["intent bugfix → simple_builder via routing.intents"],
      },
      { role: "general_builder", reasons: ["stagnating: climbed the ladder"] },
    ],
    attempts: [
      {
        attempt: 1,
        role: "simple_builder",
        outcome: "validators_failed",
        patch: "+a\n",
        failures: f1,
        costUsd: 0.01,
      },
      {
        attempt: 2,
        role: "general_builder",
        outcome: "validators_failed",
        patch: "x".repeat(PACKET_PATCH_CHARS + 5),
        failures: f2,
        verdict: v2,
      },
      { attempt: 3, role: "general_builder", outcome: "parse_failed", reason: "prose around the diff" },
    ],
    costs: { estimatedUsd: 0.2, actualUsd: 0.05 },
    reason: "diverging",
  });

  it("records the task, routes, attempts and costs as plain JSON", () => {
    expect(JSON.parse(JSON.stringify(packet))).toEqual(packet);
    expect(packet.task).toEqual({ ...task, intent: "bugfix" });
    expect(packet.routeHistory.map((r) => r.role)).toEqual(["simple_builder", "general_builder"]);
    expect(packet.attempts.map((a) => [a.attempt, a.outcome, a.verdict])).toEqual([
      [1, "validators_failed", null],
      [2, "validators_failed", "diverging"],
      [3, "parse_failed", null],
    ]);
    expect(packet.attempts[1]?.patchTruncated).toBe(true);
    expect(packet.attempts[1]?.patch).toHaveLength(PACKET_PATCH_CHARS);
    expect(packet.attempts[0]?.failures[0]).toEqual({
      validator: "unit",
      category: "test",
      line: persistent,
    });
    expect(packet.costs).toEqual({
      estimatedUsd: 0.2,
      actualUsd: 0.05,
      inputTokens: null,
      outputTokens: null,
    });
  });

  it("finds the failures every validated attempt shares", () => {
    expect(packet.persistentFailures).toEqual([persistent]);
  });

  it("asks the reviewer a question built from the evidence", () => {
    expect(packet.question).toContain("Task fix-duration: parseDuration('1h30m') must return 5400.");
    expect(packet.question).not.toContain("More detail");
    expect(packet.question).toContain("3 attempt(s) by simple_builder, general_builder did not pass unit");
    expect(packet.question).toContain("escalated because: diverging");
    expect(packet.question).toContain(`Failing after every attempt: ${persistent}`);
    expect(packet.question).toContain("#3 prose around the diff");
    expect(packet.question).toMatch(/changes only src\/duration.ts and makes the validators pass\?$/);
  });

  it("asks why it got worse when the last verdict diverged", () => {
    const p = buildEscalationPacket({
      task,
      routeHistory: [],
      attempts: [
        { attempt: 2, role: "general_builder", outcome: "validators_failed", failures: f2, verdict: v2 },
      ],
      costs: { estimatedUsd: 0, actualUsd: 0 },
      reason: "diverging",
    });
    expect(p.question).toMatch(/Why did the attempts make things worse/);
  });
});
