import { stripAnsi } from "../context/strip-ansi.js";
import type { CommandRunner } from "../exec/contract.js";
import { reportedFailureCount } from "./failure-count.js";
import type { FailureSignature } from "./failure-signature.js";
import { normalizeFailures } from "./normalize-failures.js";

export interface ValidatorResult {
  name: string;
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout then stderr, as capped by the runner, colours and cursor codes stripped. */
  output: string;
  failures: FailureSignature[];
  /** Failures as the tool counted them (its summary line), else the failure lines found. */
  failureCount: number;
}

/**
 * Runs the named validators one after another in `cwd` (they often share build output, so
 * never in parallel). A non-zero exit is data; an aborted signal stops before the next one.
 */
export async function runValidators(
  runner: CommandRunner,
  names: readonly string[],
  cwd: string,
  signal?: AbortSignal,
  /** The secret scan, applied to the output before anything (failures, artifacts) is taken from it. */
  scrub?: (output: string, validator: string) => Promise<string>,
): Promise<ValidatorResult[]> {
  const results: ValidatorResult[] = [];
  for (const name of names) {
    if (signal?.aborted === true) break;
    const r = await runner.run(name, { cwd, ...(signal === undefined ? {} : { signal }) });
    // Stored, shown and sent without ANSI: jest's cursor codes are noise everywhere.
    const raw = stripAnsi(
      [r.stdout, r.stderr].filter((s) => s !== "").join(r.stdout.endsWith("\n") ? "" : "\n"),
    );
    const output = scrub ? await scrub(raw, name) : raw;
    const passed = r.exitCode === 0 && !r.timedOut;
    const failures = passed
      ? []
      : normalizeFailures(name, output, cwd, { timedOut: r.timedOut, exitCode: r.exitCode ?? -1 });
    results.push({
      name,
      passed,
      exitCode: r.exitCode,
      timedOut: r.timedOut,
      durationMs: r.durationMs,
      output,
      failures,
      failureCount: passed ? 0 : Math.max(1, reportedFailureCount(output) ?? failures.length),
    });
  }
  return results;
}
