import { judgeAttempt, type Verdict, type VerdictKind } from "./convergence.js";
import type { AttemptMetrics } from "./convergence-metrics.js";

export interface ConvergenceEntry extends AttemptMetrics {
  verdict: Verdict;
}

/** The object written to `convergence.json`. */
export interface ConvergenceReport {
  version: 1;
  attempts: ConvergenceEntry[];
  /** The verdicts in attempt order, for a one-line trend. */
  trend: VerdictKind[];
  final: VerdictKind | null;
  failureCounts: number[];
  diffLines: number[];
}

/**
 * Per-attempt metrics with their verdicts. Verdicts the engine already judged (with its ladder
 * knowledge) are kept as they were; missing ones are judged again from the attempts before.
 */
export function convergenceReport(
  history: readonly (AttemptMetrics & { verdict?: Verdict })[],
): ConvergenceReport {
  const attempts: ConvergenceEntry[] = history.map((m, i) => {
    const { verdict, ...metrics } = m;
    return { ...metrics, verdict: verdict ?? judgeAttempt(history.slice(0, i), m) };
  });
  return {
    version: 1,
    attempts,
    trend: attempts.map((a) => a.verdict.verdict),
    final: attempts.at(-1)?.verdict.verdict ?? null,
    failureCounts: attempts.map((a) => a.failureCount),
    diffLines: attempts.map((a) => a.diffLines),
  };
}
