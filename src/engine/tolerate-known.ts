import type { FailureSignature } from "../validate/failure-signature.js";
import type { ValidatorRun } from "./ports.js";

/** A validator run judged against the baseline: only failures new since then count. */
export interface JudgedRun extends ValidatorRun {
  /** Failures that were already there on the clean tree, and still are. */
  tolerated: number;
}

const NO_PROGRESS = "no-progress";

/**
 * Under `baseline: tolerate` (SPEC §12): a validator whose every failure was already there on
 * the clean tree passes, and a failing one is judged by its new failures only. A bugfix must
 * still fix something the validators see: when it leaves every known failure in place, it
 * fails with one stable signature, so repeating it reads as stagnation.
 */
export function judgeAgainstBaseline(
  runs: readonly ValidatorRun[],
  known: Readonly<Record<string, readonly string[]>> | undefined,
  requireProgress: boolean,
): JudgedRun[] {
  if (known === undefined || Object.keys(known).length === 0)
    return runs.map((r) => ({ ...r, tolerated: 0 }));
  let fixedAny = false;
  const judged = runs.map((run): JudgedRun => {
    const before = new Set(known[run.name] ?? []);
    if (before.size === 0) return { ...run, tolerated: 0 };
    const now = new Set(run.passed ? [] : run.failures.map((f) => f.signatureHash));
    if ([...before].some((h) => !now.has(h))) fixedAny = true;
    if (run.passed || run.timedOut) return { ...run, tolerated: 0 };
    const fresh = run.failures.filter((f) => !before.has(f.signatureHash));
    const tolerated = run.failures.length - fresh.length;
    if (fresh.length === 0) return { ...run, passed: true, failures: [], failureCount: 0, tolerated };
    const lines = fresh.map((f) => `  ${f.raw}`).join("\n");
    const output = `new since the baseline (${tolerated} known failure(s) not counted):\n${lines}\n\n${run.output}`;
    return { ...run, failures: fresh, failureCount: fresh.length, output, tolerated };
  });
  if (!requireProgress || fixedAny) return judged;
  const target = judged.find((r) => (known[r.name]?.length ?? 0) > 0);
  if (target === undefined) return judged;
  const count = Object.values(known).reduce((n, list) => n + list.length, 0);
  const text = `the patch fixed none of the ${count} failure(s) the validators reported before it`;
  const signature: FailureSignature = {
    validator: target.name,
    category: "test",
    text,
    raw: text,
    signatureHash: `${NO_PROGRESS}:${target.name}`,
  };
  return judged.map((r) =>
    r === target
      ? {
          ...r,
          passed: false,
          failures: [...r.failures, signature],
          failureCount: r.failures.length + 1,
          output: `${text}\n\n${r.output}`,
        }
      : r,
  );
}
