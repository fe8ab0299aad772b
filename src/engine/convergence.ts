import type { Verdict, VerdictNumbers } from "../report/verdict.js";
import type { AttemptMetrics } from "./convergence-metrics.js";

export type { Verdict, VerdictKind, VerdictNumbers } from "../report/verdict.js";

export interface JudgeOptions {
  /** True when the current role is the top rung: stagnation there cannot climb. */
  atLadderTop?: boolean;
}

/** Diff growth that counts as diverging: more than this factor AND more than this many lines added. */
export const DIFF_GROWTH_FACTOR = 2;
export const DIFF_GROWTH_MIN_LINES = 20;
/** Unusable answers (refused, unparsable, not applicable) in a row that call for a reviewer. */
export const UNUSABLE_IN_A_ROW_FOR_DIAGNOSIS = 2;

const reachedValidators = (m: AttemptMetrics) => m.outcome === "validators_failed";

function countRegressions(history: readonly AttemptMetrics[], current: AttemptMetrics): number {
  const runs = history.filter(reachedValidators);
  let count = 0;
  for (const hash of current.failureHashes) {
    const firstSeen = runs.findIndex((m) => m.failureHashes.includes(hash));
    if (firstSeen >= 0 && runs.slice(firstSeen + 1).some((m) => !m.failureHashes.includes(hash))) count++;
  }
  return count;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The trend after one failed attempt (SPEC §10), decided in this order (docs/routing.md):
 * 1. stagnating — the patch hash, or a non-empty failure-hash set, repeats an earlier attempt's;
 * 2. diagnosis_needed — UNUSABLE_IN_A_ROW_FOR_DIAGNOSIS answers in a row never reached validators;
 * 3. diverging — a regression or more failures than the last validated attempt (always), or new
 *    failure categories / a diff grown >2× and by >20 lines while failures did not fall;
 * 4. converging — fewer failures or a narrower diff than the last validated attempt, or nothing
 *    to compare with yet (first attempt, a single unusable answer);
 * 5. stagnating — otherwise: no progress signal.
 * With `atLadderTop`, stagnating becomes diagnosis_needed: there is no higher rung to climb.
 */
export function judgeAttempt(
  history: readonly AttemptMetrics[],
  current: AttemptMetrics,
  options: JudgeOptions = {},
): Verdict {
  const prev = [...history].reverse().find(reachedValidators);
  let unusableInARow = 0;
  for (const m of [...history, current].reverse()) {
    if (reachedValidators(m)) break;
    unusableInARow++;
  }
  const seenCategories = new Set(history.flatMap((m) => m.categories));
  const repeatsPatch =
    current.patchHash === null ? undefined : history.find((m) => m.patchHash === current.patchHash);
  const repeatsFailures =
    current.failureHashes.length === 0 || !reachedValidators(current)
      ? undefined
      : history.find((m) => reachedValidators(m) && sameSet(m.failureHashes, current.failureHashes));
  const validated = reachedValidators(current);
  const numbers: VerdictNumbers = {
    attempt: current.attempt,
    failureCount: current.failureCount,
    previousFailureCount: prev?.failureCount ?? null,
    diffLines: current.diffLines,
    previousDiffLines: prev?.diffLines ?? null,
    filesTouched: current.filesTouched,
    newCategories:
      validated && prev !== undefined ? current.categories.filter((c) => !seenCategories.has(c)) : [],
    regressions: validated ? countRegressions(history, current) : 0,
    repeatsPatchOf: repeatsPatch?.attempt ?? null,
    repeatsFailuresOf: repeatsFailures?.attempt ?? null,
    unusableInARow,
  };
  const stagnate = (reasons: string[]): Verdict =>
    options.atLadderTop === true
      ? {
          verdict: "diagnosis_needed",
          reasons: [
            ...reasons,
            `stagnating at the top of the escalation ladder (${current.role}): a reviewer is next`,
          ],
          numbers,
        }
      : { verdict: "stagnating", reasons, numbers };

  const repeats: string[] = [];
  if (repeatsPatch) repeats.push(`patch repeats attempt ${repeatsPatch.attempt} (same normalized hash)`);
  if (repeatsFailures) {
    repeats.push(
      `the same ${current.failureCount} failure signature(s) as attempt ${repeatsFailures.attempt}`,
    );
  }
  if (repeats.length > 0) return stagnate(repeats);

  if (unusableInARow >= UNUSABLE_IN_A_ROW_FOR_DIAGNOSIS) {
    return {
      verdict: "diagnosis_needed",
      reasons: [
        `${unusableInARow} answers in a row were refused, unparsable or did not apply (last: ${current.outcome})`,
      ],
      numbers,
    };
  }
  if (!validated || prev === undefined) {
    const why = !validated
      ? `one unusable answer (${current.outcome}): retry with the reason as feedback`
      : "first attempt to reach the validators: the baseline for the next one";
    return { verdict: "converging", reasons: [why], numbers };
  }
  const fewer = current.failureCount < prev.failureCount;
  const hard: string[] = [];
  if (numbers.regressions > 0) hard.push(`${numbers.regressions} failure(s) fixed earlier came back`);
  if (current.failureCount > prev.failureCount) {
    hard.push(`failures grew from ${prev.failureCount} to ${current.failureCount}`);
  }
  const soft: string[] = [];
  if (numbers.newCategories.length > 0)
    soft.push(`new failure categories: ${numbers.newCategories.join(", ")}`);
  if (
    current.diffLines > DIFF_GROWTH_FACTOR * prev.diffLines &&
    current.diffLines - prev.diffLines > DIFF_GROWTH_MIN_LINES
  ) {
    soft.push(`diff grew from ${prev.diffLines} to ${current.diffLines} lines`);
  }
  if (hard.length > 0 || (soft.length > 0 && !fewer)) {
    return { verdict: "diverging", reasons: [...hard, ...soft], numbers };
  }
  const better: string[] = [];
  if (fewer) better.push(`failures fell from ${prev.failureCount} to ${current.failureCount}`);
  if (current.diffLines < prev.diffLines)
    better.push(`diff narrowed from ${prev.diffLines} to ${current.diffLines} lines`);
  if (better.length > 0)
    return { verdict: "converging", reasons: [...better, ...soft.map((s) => `${s} (outweighed)`)], numbers };
  return stagnate([
    `no progress: ${current.failureCount} failure(s) as before, diff ${current.diffLines} lines vs ${prev.diffLines}`,
  ]);
}
