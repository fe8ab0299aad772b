import type { RunReport } from "./report-types.js";

/**
 * Patch telemetry over run history (`leash stats`): how often a model's first answer applied,
 * which repairs were needed at which cascade level, and the dollars paid for answers that were
 * refused or could not be parsed — by model and answer format.
 */

export interface PatchStatsRow {
  model: string;
  format: string;
  answers: number;
  applied: number;
  refused: number;
  unparsable: number;
  wastedUsd: number;
}

export interface PatchStats {
  runs: number;
  /** Runs whose first patch answer applied, out of runs that got a patch answer. */
  firstTry: { applied: number; of: number };
  repairsByLevel: Record<string, number>;
  repairsByKind: Record<string, number>;
  rows: PatchStatsRow[];
}

const ANSWERED = new Set(["accepted", "validators_failed", "refused", "parse_failed", "apply_failed"]);

export function patchStats(reports: RunReport[]): PatchStats {
  const rows = new Map<string, PatchStatsRow>();
  const byLevel: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  let firstApplied = 0;
  let firstOf = 0;
  for (const report of reports) {
    const answered = report.attempts.filter((a) => ANSWERED.has(a.outcome));
    const first = answered[0];
    if (first) {
      firstOf++;
      if (first.patchApplied ?? (first.outcome === "accepted" || first.outcome === "validators_failed"))
        firstApplied++;
    }
    for (const a of answered) {
      const format = a.answerFormat ?? (a.outcome === "parse_failed" ? "unparsable" : "unknown");
      const key = `${a.model}\u0000${format}`;
      const row = rows.get(key) ?? {
        model: a.model,
        format,
        answers: 0,
        applied: 0,
        refused: 0,
        unparsable: 0,
        wastedUsd: 0,
      };
      rows.set(key, row);
      row.answers++;
      const cost = a.calls.reduce((s, c) => s + (c.actualUsd ?? 0), 0);
      if (a.patchApplied ?? (a.outcome === "accepted" || a.outcome === "validators_failed")) row.applied++;
      else if (a.outcome === "refused" || a.outcome === "apply_failed") {
        row.refused++;
        row.wastedUsd += cost;
      } else if (a.outcome === "parse_failed") {
        row.unparsable++;
        row.wastedUsd += cost;
      }
      for (const r of a.repairs) {
        byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
        if (r.level !== undefined) byLevel[r.level] = (byLevel[r.level] ?? 0) + 1;
      }
    }
  }
  return {
    runs: reports.length,
    firstTry: { applied: firstApplied, of: firstOf },
    repairsByLevel: byLevel,
    repairsByKind: byKind,
    rows: [...rows.values()].sort(
      (x, y) => x.model.localeCompare(y.model) || x.format.localeCompare(y.format),
    ),
  };
}
