import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { PARSE_ONCE } from "../../config/parse-once.js";
import type { CommandConfig } from "../../config/schema.js";
import type { BaselineCache, BaselinePorts, BaselineResult } from "../../engine/baseline.js";
import type { CommandRunner } from "../../exec/contract.js";
import { compareWithCheckpoint } from "../../git/changed-since.js";
import type { Checkpoint } from "../../git/checkpoint.js";
import { rollbackToCheckpoint } from "../../git/rollback.js";
import { writeJsonAtomic } from "../../report/atomic-write.js";
import { FAILURE_CATEGORIES } from "../../validate/failure-signature.js";
import { runValidators } from "../../validate/run-validators.js";

/** Caches tools write on every run; new files there are not a validator rewriting the tree. */
const CACHE_ARTIFACT =
  /(^|\/)(__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.hypothesis|\.tox|\.nox|coverage|\.nyc_output|\.eslintcache|\.vitest|node_modules)(\/|$)|\.py[co]$|\.tsbuildinfo$/;

const BASELINE_VERSION = 1;

const resultSchema = z.strictObject({
  name: z.string(),
  passed: z.boolean(),
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  durationMs: z.number(),
  failureCount: z.number().int().nonnegative(),
  output: z.string(),
  failures: z.array(
    z.strictObject({
      validator: z.string(),
      category: z.enum(FAILURE_CATEGORIES),
      file: z.string().optional(),
      text: z.string(),
      raw: z.string(),
      signatureHash: z.string(),
    }),
  ),
});
const entrySchema = z.strictObject({
  version: z.literal(BASELINE_VERSION),
  key: z.string(),
  result: resultSchema,
});

export interface BaselineAdapterOptions {
  workTree: string;
  /** Where .leash/ lives: the repository, also for runs in a worktree. */
  stateRoot: string;
  checkpoint: Checkpoint;
  commands: Record<string, CommandConfig>;
  runner: CommandRunner;
  env?: NodeJS.ProcessEnv;
  /** The secret scan: the baseline's output is cached, shown and may be sent, like an attempt's. */
  scrub?: (output: string, validator: string) => Promise<string>;
  /** `sandbox.default` and `sandbox.read_paths`: what a command sees decides its result too. */
  sandbox?: { default: string; read_paths: readonly string[] };
}

export function createBaselinePorts(options: BaselineAdapterOptions): BaselinePorts {
  const { workTree, checkpoint } = options;
  return {
    runValidators: (names, signal) => runValidators(options.runner, names, workTree, signal, options.scrub),
    async changedSinceCheckpoint() {
      const { changed, then } = await compareWithCheckpoint(workTree, checkpoint);
      return changed.filter((p) => then.has(p) || !CACHE_ARTIFACT.test(p));
    },
    async restore(paths) {
      const result = await rollbackToCheckpoint(workTree, checkpoint, paths);
      if (!result.ok) throw new Error(`could not restore ${result.mismatches.join(", ")}`);
    },
    cache: createBaselineCache(options),
    now: () => Date.now(),
  };
}

/**
 * One JSON file per (tree, command, environment) under .leash/baseline/: the same clean tree
 * checked by the same command in the same environment gives the same result, so it runs once.
 */
export function createBaselineCache(options: BaselineAdapterOptions): BaselineCache {
  const dir = join(options.stateRoot, ".leash", "baseline");
  const keyOf = (name: string) =>
    baselineKey(options.checkpoint.tree, options.commands[name], options.env, options.sandbox);
  return {
    async get(name) {
      const key = keyOf(name);
      try {
        const parsed = entrySchema.safeParse(
          JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")),
          PARSE_ONCE,
        );
        // A damaged or foreign entry is a miss: the baseline simply runs again.
        return parsed.success && parsed.data.key === key && parsed.data.result.name === name
          ? (parsed.data.result as BaselineResult)
          : undefined;
      } catch {
        return undefined;
      }
    },
    async put(name, result) {
      const key = keyOf(name);
      await writeJsonAtomic(join(dir, `${key}.json`), { version: BASELINE_VERSION, key, result });
    },
  };
}

/** What decides a validator's result besides the tree: argv, its env, PATH, and passed-through values (hashed, never stored). */
export function baselineKey(
  tree: string,
  command: CommandConfig | undefined,
  env: NodeJS.ProcessEnv = process.env,
  sandbox?: BaselineAdapterOptions["sandbox"],
): string {
  const passed = (command?.env_pass ?? []).map((n) => [n, env[n] ?? null]);
  const material = JSON.stringify({
    v: BASELINE_VERSION,
    tree,
    argv: command?.argv ?? [],
    env: command?.env ?? {},
    // A command that does not say takes sandbox.default; read_paths change what it can see.
    sandbox: command?.sandbox ?? sandbox?.default ?? null,
    ...(sandbox && sandbox.read_paths.length > 0 ? { readPaths: sandbox.read_paths } : {}),
    path: env["PATH"] ?? "",
    passed,
  });
  return createHash("sha256").update(material).digest("hex").slice(0, 32);
}
