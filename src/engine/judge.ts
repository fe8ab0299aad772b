import type { LeashConfig } from "../config/schema.js";
import type { AttemptRecord, RunReport } from "../report/report-types.js";
import { nextOnLadder } from "../routing/ladder.js";
import { judgeAttempt, type Verdict } from "./convergence.js";
import { type AttemptOutcome, measureAttempt } from "./convergence-metrics.js";
import { type ConvergenceReport, convergenceReport } from "./convergence-report.js";

/** Measures a failed attempt and judges the trend against the attempts before it (SPEC §10). */
export function judge(
  previous: readonly AttemptRecord[],
  attempt: AttemptRecord,
  config: LeashConfig,
): Verdict {
  attempt.metrics = measure(attempt);
  const history = previous.flatMap((a) => (a.metrics ? [a.metrics] : []));
  const atLadderTop = nextOnLadder(attempt.role, config) === null;
  const verdict = judgeAttempt(history, attempt.metrics, { atLadderTop });
  attempt.verdict = verdict;
  return verdict;
}

function measure(attempt: AttemptRecord) {
  return measureAttempt({
    attempt: attempt.attempt,
    role: attempt.role,
    outcome: judgeOutcome(attempt.outcome),
    patch: attempt.patchText,
    failures: attempt.failureSignatures,
  });
}

/**
 * Whether the attempt got an answer to judge. A call that failed before the model answered
 * (rate limit, server error, timeout, tier, abort) says nothing about the trend, so the judge
 * skips it; a cut-off or refused answer is an unusable answer, judged like a parse failure.
 */
export function producedAnswer(attempt: AttemptRecord): boolean {
  if (attempt.outcome !== "provider_failed") return true;
  return ANSWERED_FAILURES.has(attempt.code ?? "");
}

const ANSWERED_FAILURES = new Set(["provider.truncated", "provider.refused", "provider.malformed_output"]);

/** A provider failure that still answered gave no usable answer, like a parse failure. */
function judgeOutcome(outcome: AttemptRecord["outcome"]): AttemptOutcome {
  switch (outcome) {
    case "validators_failed":
    case "refused":
    case "parse_failed":
    case "apply_failed":
      return outcome;
    default:
      return "parse_failed";
  }
}

/** convergence.json: per-attempt metrics and the verdicts the run acted on. */
export function convergenceFile(report: RunReport): ConvergenceReport {
  return convergenceReport(
    report.attempts.flatMap((a) => (a.metrics ? [{ ...a.metrics, verdict: a.verdict }] : [])),
  );
}
