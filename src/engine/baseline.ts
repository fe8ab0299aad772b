import type { BaselineMode } from "../config/schema.js";
import { condenseValidatorOutput } from "../context/condense-output.js";
import { InputError } from "../errors.js";
import type { BaselineSummary } from "../report/baseline-summary.js";
import type { FailureSignature } from "../validate/failure-signature.js";
import type { ValidatorRun } from "./ports.js";

/**
 * The baseline (SPEC §12): the task's validators once on the clean checkpoint tree, before the
 * first paid call. A validator that cannot pass there, or that rewrites the tree, would make
 * every patch look broken (or silently change it), so the run stops before any spend.
 */

/** What one validator did on the clean tree; cached by (tree, command, environment). */
export interface BaselineResult {
  name: string;
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  failures: FailureSignature[];
  /** As the tool counted them (validate/failure-count.ts). */
  failureCount: number;
  /** Condensed, colours stripped, secrets redacted: what an operator is shown. */
  output: string;
}

export interface BaselineCache {
  get(name: string): Promise<BaselineResult | undefined>;
  put(name: string, result: BaselineResult): Promise<void>;
}

export interface BaselinePorts {
  runValidators(names: string[], signal?: AbortSignal): Promise<ValidatorRun[]>;
  /** Paths the validators changed since the checkpoint (new cache files such as __pycache__ aside). */
  changedSinceCheckpoint(): Promise<string[]>;
  /** Puts the paths back to the checkpoint (new files removed) and verifies. */
  restore(paths: string[]): Promise<void>;
  cache: BaselineCache;
  now(): number;
}

export async function runBaseline(
  ports: BaselinePorts,
  request: { validators: string[]; mode: BaselineMode; skipReason?: string; signal?: AbortSignal },
): Promise<BaselineSummary> {
  const started = ports.now();
  const summary: BaselineSummary = { mode: request.mode, durationMs: 0, validators: [], known: {} };
  if (request.mode === "skip" || request.skipReason !== undefined) {
    return { ...summary, mode: "skip", skipped: request.skipReason ?? "baseline: skip" };
  }
  const results: { result: BaselineResult; cached: boolean }[] = [];
  for (const name of request.validators) {
    if (request.signal?.aborted) break;
    const cached = await ports.cache.get(name);
    if (cached !== undefined) {
      results.push({ result: cached, cached: true });
      continue;
    }
    const [run] = await ports.runValidators([name], request.signal);
    if (run === undefined) break;
    const changed = await ports.changedSinceCheckpoint();
    if (changed.length > 0) {
      await ports.restore(changed);
      throw treeChanged(name, changed);
    }
    const result = toResult(run);
    await ports.cache.put(name, result);
    results.push({ result, cached: false });
  }
  summary.validators = results.map(({ result, cached }) => ({
    name: result.name,
    passed: result.passed,
    cached,
    durationMs: result.durationMs,
    failureCount: result.failureCount,
    failures: result.failures.slice(0, 10).map((f) => f.raw),
  }));
  summary.durationMs = Math.round(ports.now() - started);
  const failed = results.map((r) => r.result).filter((r) => !r.passed);
  if (failed.length === 0) return summary;
  if (request.mode === "require") throw baselineFailed(failed);
  const timedOut = failed.find((r) => r.timedOut);
  if (timedOut !== undefined)
    throw baselineFailed([timedOut], "a validator that times out on the clean tree cannot judge a patch");
  for (const r of failed) summary.known[r.name] = r.failures.map((f) => f.signatureHash);
  return summary;
}

function toResult(run: ValidatorRun): BaselineResult {
  return {
    name: run.name,
    passed: run.passed,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    durationMs: Math.round(run.durationMs),
    failures: run.failures,
    failureCount: run.failureCount,
    output: condenseValidatorOutput(run.output, { headLines: 3, tailLines: 12, maxInterestingLines: 30 }),
  };
}

function baselineFailed(failed: BaselineResult[], why?: string): InputError {
  const parts = failed.map(
    (r) =>
      `validator ${r.name} ${r.timedOut ? "timed out" : `failed (exit ${r.exitCode ?? "by signal"}, ${r.failureCount} failure${r.failureCount === 1 ? "" : "s"})`} on the clean tree:\n${indent(r.output)}`,
  );
  return new InputError(
    "validate.baseline_failed",
    `${why ?? "the validators fail before any patch, so they cannot judge one"}; nothing was called:\n${parts.join("\n")}`,
    {
      location: { field: "validators" },
      hint: "fix the repository or the command first; if these failures are known (or are what the task should fix), set `baseline: tolerate` in the task so only new failures count, or `baseline: skip`",
      details: { validators: failed.map((r) => r.name) },
    },
  );
}

function treeChanged(name: string, files: string[]): InputError {
  const shown = files.slice(0, 10).join(", ") + (files.length > 10 ? `, and ${files.length - 10} more` : "");
  return new InputError(
    "validate.baseline_changed_tree",
    `validator ${name} changed the clean tree (${shown}); a validator must only read, or it rewrites patches behind their back. The files were restored; nothing was called`,
    {
      location: { field: `commands.${name}.argv` },
      hint: "use the tool's read-only mode: `ruff check --no-fix`, `ruff format --check`, `eslint` without --fix, `biome check` without --write, `prettier --check`, `jest --ci`",
      details: { validator: name, files },
    },
  );
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");

export type { BaselineSummary };
