import { describe, expect, it } from "vitest";
import { judgeAttempt, type VerdictKind } from "../../src/engine/convergence.js";
import { type AttemptMetrics, hashPatch, measureAttempt } from "../../src/engine/convergence-metrics.js";
import { convergenceReport } from "../../src/engine/convergence-report.js";
import type { FailureSignature } from "../../src/validate/failure-signature.js";
import { normalizeFailures } from "../../src/validate/normalize-failures.js";

const PATCH = `diff --git a/src/d.ts b/src/d.ts
index 1111111..2222222 100644
--- a/src/d.ts
+++ b/src/d.ts
@@ -3,1 +3,1 @@
-  return h * 3600;
+  return h * 3600 + m * 60;
`;

const m = (over: Partial<AttemptMetrics> & { attempt: number }): AttemptMetrics => ({
  role: "general_builder",
  patchHash: `p${over.attempt}`,
  failureHashes: [],
  failureCount: 0,
  categories: ["test"],
  diffLines: 10,
  filesTouched: 1,
  outcome: "validators_failed",
  ...over,
});
const fails = (...hashes: string[]) => ({ failureHashes: [...hashes].sort(), failureCount: hashes.length });

describe("hashPatch", () => {
  it("a re-indented repeat at other lines hashes the same", () => {
    const again = PATCH.replace("@@ -3,1 +3,1 @@", "@@ -7,1 +7,1 @@")
      .replace("+  return h * 3600 + m * 60;", "+\treturn h*3600 + m*60;   \n+")
      .replace("index 1111111..2222222", "index 3333333..4444444");
    expect(hashPatch(again)).toBe(hashPatch(PATCH));
  });

  it("a different change hashes differently", () => {
    expect(hashPatch(PATCH.replace("m * 60", "m * 61"))).not.toBe(hashPatch(PATCH));
  });

  it("measures the patch's size with the report's diffstat", () => {
    expect(
      measureAttempt({ attempt: 1, role: "r", outcome: "validators_failed", patch: PATCH }),
    ).toMatchObject({
      diffLines: 2,
      filesTouched: 1,
    });
  });
});

describe("measureAttempt", () => {
  it("builds metrics from a patch and signatures", () => {
    const failures = normalizeFailures("unit", " FAIL  test/a.test.ts > x\nTypeError: boom\n", "/r", {
      exitCode: 1,
    });
    const metrics = measureAttempt({
      attempt: 1,
      role: "simple_builder",
      outcome: "validators_failed",
      patch: PATCH,
      failures,
    });
    expect(metrics).toMatchObject({
      failureCount: 2,
      categories: ["runtime", "test"],
      diffLines: 2,
      filesTouched: 1,
    });
    expect(metrics.patchHash).toBe(hashPatch(PATCH));
  });

  it("the same error at another line is the same failure set", () => {
    const at = (line: number): FailureSignature[] =>
      normalizeFailures("tc", `src/a.ts(${line},5): error TS2322: Type 'string' is not assignable.`, "/r", {
        exitCode: 2,
      });
    const a = measureAttempt({
      attempt: 1,
      role: "r",
      outcome: "validators_failed",
      patch: PATCH,
      failures: at(3),
    });
    const b = measureAttempt({
      attempt: 2,
      role: "r",
      outcome: "validators_failed",
      patch: `${PATCH}+x\n`,
      failures: at(9),
    });
    expect(judgeAttempt([a], b)).toMatchObject({ verdict: "stagnating", numbers: { repeatsFailuresOf: 1 } });
  });
});

const TABLE: {
  name: string;
  history: AttemptMetrics[];
  current: AttemptMetrics;
  verdict: VerdictKind;
  reason: RegExp;
  top?: boolean;
}[] = [
  {
    name: "first attempt is the baseline",
    history: [],
    current: m({ attempt: 1, ...fails("a", "b") }),
    verdict: "converging",
    reason: /baseline/,
  },
  {
    name: "fewer failures",
    history: [m({ attempt: 1, ...fails("a", "b") })],
    current: m({ attempt: 2, ...fails("a") }),
    verdict: "converging",
    reason: /failures fell from 2 to 1/,
  },
  {
    name: "narrower diff, same count",
    history: [m({ attempt: 1, ...fails("a"), diffLines: 30 })],
    current: m({ attempt: 2, ...fails("b"), diffLines: 8 }),
    verdict: "converging",
    reason: /diff narrowed from 30 to 8/,
  },
  {
    name: "same patch hash",
    history: [m({ attempt: 1, patchHash: "same", ...fails("a") })],
    current: m({ attempt: 2, patchHash: "same", ...fails("z") }),
    verdict: "stagnating",
    reason: /patch repeats attempt 1/,
  },
  {
    name: "same failure set",
    history: [m({ attempt: 1, ...fails("a", "b") }), m({ attempt: 2, ...fails("c") })],
    current: m({ attempt: 3, ...fails("b", "a") }),
    verdict: "stagnating",
    reason: /same 2 failure signature\(s\) as attempt 1/,
  },
  {
    name: "no progress signal",
    history: [m({ attempt: 1, ...fails("a") })],
    current: m({ attempt: 2, ...fails("b") }),
    verdict: "stagnating",
    reason: /no progress/,
  },
  {
    name: "failures grew",
    history: [m({ attempt: 1, ...fails("a") })],
    current: m({ attempt: 2, ...fails("a", "b", "c") }),
    verdict: "diverging",
    reason: /failures grew from 1 to 3/,
  },
  {
    name: "a regression: a fixed failure returns",
    history: [m({ attempt: 1, ...fails("a", "b") }), m({ attempt: 2, ...fails("b") })],
    current: m({ attempt: 3, ...fails("a") }),
    verdict: "diverging",
    reason: /1 failure\(s\) fixed earlier came back/,
  },
  {
    name: "new failure category without fewer failures",
    history: [m({ attempt: 1, ...fails("a"), categories: ["test"] })],
    current: m({ attempt: 2, ...fails("t"), categories: ["type"] }),
    verdict: "diverging",
    reason: /new failure categories: type/,
  },
  {
    name: "new category outweighed by fewer failures",
    history: [m({ attempt: 1, ...fails("a", "b", "c"), categories: ["type"] })],
    current: m({ attempt: 2, ...fails("t"), categories: ["test"] }),
    verdict: "converging",
    reason: /failures fell/,
  },
  {
    name: "diff grew >2× and by >20 lines",
    history: [m({ attempt: 1, ...fails("a"), diffLines: 12 })],
    current: m({ attempt: 2, ...fails("b"), diffLines: 60 }),
    verdict: "diverging",
    reason: /diff grew from 12 to 60 lines/,
  },
  {
    name: "diff grew 3× but only by 8 lines",
    history: [m({ attempt: 1, ...fails("a", "b"), diffLines: 4 })],
    current: m({ attempt: 2, ...fails("c"), diffLines: 12 }),
    verdict: "converging",
    reason: /failures fell/,
  },
  {
    name: "one parse failure: retry",
    history: [m({ attempt: 1, ...fails("a") })],
    current: m({ attempt: 2, outcome: "parse_failed", patchHash: null, categories: [] }),
    verdict: "converging",
    reason: /one unusable answer \(parse_failed\)/,
  },
  {
    name: "two unusable answers in a row",
    history: [m({ attempt: 1, outcome: "refused", categories: [] })],
    current: m({ attempt: 2, outcome: "parse_failed", patchHash: null, categories: [] }),
    verdict: "diagnosis_needed",
    reason: /2 answers in a row/,
  },
  {
    name: "stagnating at the top of the ladder",
    history: [m({ attempt: 1, patchHash: "same", ...fails("a") })],
    current: m({ attempt: 2, patchHash: "same", ...fails("a"), role: "coding_optimized_builder" }),
    verdict: "diagnosis_needed",
    reason: /top of the escalation ladder/,
    top: true,
  },
];

describe("judgeAttempt", () => {
  for (const row of TABLE) {
    it(`${row.name} → ${row.verdict}`, () => {
      const v = judgeAttempt(row.history, row.current, { atLadderTop: row.top === true });
      expect(v.verdict).toBe(row.verdict);
      expect(v.reasons.join("\n")).toMatch(row.reason);
      expect(v.numbers.attempt).toBe(row.current.attempt);
      expect(v.numbers.failureCount).toBe(row.current.failureCount);
    });
  }

  it("carries the numbers it decided on", () => {
    const v = judgeAttempt(
      [m({ attempt: 1, ...fails("a"), diffLines: 12 })],
      m({ attempt: 2, ...fails("a", "b"), diffLines: 5 }),
    );
    expect(v.numbers).toEqual({
      attempt: 2,
      failureCount: 2,
      previousFailureCount: 1,
      diffLines: 5,
      previousDiffLines: 12,
      filesTouched: 1,
      newCategories: [],
      regressions: 0,
      repeatsPatchOf: null,
      repeatsFailuresOf: null,
      unusableInARow: 0,
    });
  });
});

describe("convergenceReport", () => {
  it("lists attempts with verdicts and the trend, keeping verdicts already judged", () => {
    const a1 = m({ attempt: 1, ...fails("a", "b") });
    const a2 = m({ attempt: 2, ...fails("a") });
    const a3 = {
      ...m({ attempt: 3, ...fails("a") }),
      verdict: judgeAttempt([a1, a2], m({ attempt: 3, ...fails("a") }), { atLadderTop: true }),
    };
    const report = convergenceReport([a1, a2, a3]);
    expect(report.trend).toEqual(["converging", "converging", "diagnosis_needed"]);
    expect(report.final).toBe("diagnosis_needed");
    expect(report.failureCounts).toEqual([2, 1, 1]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("is empty for no attempts", () => {
    expect(convergenceReport([])).toMatchObject({ attempts: [], trend: [], final: null });
  });
});
