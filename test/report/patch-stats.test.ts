import { describe, expect, it } from "vitest";
import { patchStats } from "../../src/report/patch-stats.js";
import type { AttemptRecord, RunReport } from "../../src/report/report-types.js";

const call = (usd: number) => ({ actualUsd: usd }) as AttemptRecord["calls"][number];

function attempt(n: number, over: Partial<AttemptRecord>): AttemptRecord {
  return {
    attempt: n,
    role: "general_builder",
    model: "m1",
    outcome: "accepted",
    calls: [call(0.01)],
    repairs: [],
    filesTouched: [],
    validators: [],
    durationMs: 1,
    ...over,
  };
}
const run = (attempts: AttemptRecord[]) => ({ attempts }) as RunReport;

describe("patchStats", () => {
  it("counts first-try applies, repairs by level and dollars on refused or unparsable answers", () => {
    const stats = patchStats([
      run([
        attempt(1, {
          answerFormat: "unified_diff",
          patchApplied: true,
          repairs: [{ kind: "relocate", file: "a", detail: "", level: "trailing_ws" }],
        }),
      ]),
      run([
        attempt(1, { answerFormat: "edits", outcome: "refused", patchApplied: false, calls: [call(0.25)] }),
        attempt(2, { answerFormat: "edits", outcome: "validators_failed", patchApplied: true }),
      ]),
      run([attempt(1, { model: "m2", outcome: "parse_failed", calls: [call(0.5)] })]),
      run([attempt(1, { outcome: "provider_failed" })]),
    ]);
    expect(stats.firstTry).toEqual({ applied: 1, of: 3 });
    expect(stats.repairsByLevel).toEqual({ trailing_ws: 1 });
    expect(stats.rows).toEqual([
      { model: "m1", format: "edits", answers: 2, applied: 1, refused: 1, unparsable: 0, wastedUsd: 0.25 },
      {
        model: "m1",
        format: "unified_diff",
        answers: 1,
        applied: 1,
        refused: 0,
        unparsable: 0,
        wastedUsd: 0,
      },
      {
        model: "m2",
        format: "unparsable",
        answers: 1,
        applied: 0,
        refused: 0,
        unparsable: 1,
        wastedUsd: 0.5,
      },
    ]);
  });
});
