/** How an attempt that was not accepted ended, as the convergence judge sees it. */
export type FailedAttemptOutcome = "validators_failed" | "refused" | "parse_failed" | "apply_failed";

/** The convergence verdict after a failed attempt, as report.json and convergence.json hold it. */
export type VerdictKind = "converging" | "stagnating" | "diverging" | "diagnosis_needed";

/** The figures a verdict was decided on; null where there was nothing to compare with. */
export interface VerdictNumbers {
  attempt: number;
  failureCount: number;
  previousFailureCount: number | null;
  diffLines: number;
  previousDiffLines: number | null;
  filesTouched: number;
  newCategories: string[];
  /** Failures that an earlier attempt had, a later one fixed, and this one has again. */
  regressions: number;
  /** The earlier attempt whose patch hash this one repeats. */
  repeatsPatchOf: number | null;
  /** The earlier attempt whose failure set this one repeats. */
  repeatsFailuresOf: number | null;
  /** Attempts in a row, ending with this one, that never reached the validators. */
  unusableInARow: number;
}

export interface Verdict {
  verdict: VerdictKind;
  reasons: string[];
  numbers: VerdictNumbers;
}

export interface AttemptMetrics {
  attempt: number;
  role: string;
  /** hashPatch of the patch; null when there was no patch (a parse failure). */
  patchHash: string | null;
  /** Sorted, unique signature hashes of the validator failures. */
  failureHashes: string[];
  failureCount: number;
  /** Sorted, unique failure categories. */
  categories: string[];
  /** Added plus removed lines. */
  diffLines: number;
  filesTouched: number;
  outcome: FailedAttemptOutcome;
}
