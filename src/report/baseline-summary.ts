/** What the baseline did before the first call, as report.json carries it (docs/validators.md). */
export interface BaselineSummary {
  mode: "require" | "tolerate" | "skip";
  /** Why it did not run, when it did not. */
  skipped?: string;
  durationMs: number;
  validators: {
    name: string;
    passed: boolean;
    cached: boolean;
    durationMs: number;
    failureCount: number;
    failures: string[];
  }[];
  /** Under `tolerate`: the signature hashes each validator already failed with. */
  known: Record<string, string[]>;
}
