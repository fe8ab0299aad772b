import { InputError } from "../errors.js";
import type { GitOptions, GitResult } from "./contract.js";
import { scrubEnv } from "./env-scrub.js";
import { spawnProcess } from "./spawn-process.js";

const DEFAULT_GIT_TIMEOUT_S = 120;

/**
 * Git through the runner's spawn path (group kill, timeout, scrubbed env). Stdout is kept whole
 * as bytes because callers read blobs; only Leash's own code builds these argv arrays.
 * Throws InputError `git.unavailable` when git cannot be started (not installed, cwd missing).
 */
export async function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const outcome = await spawnProcess({
    argv: ["git", ...args],
    cwd: options.cwd,
    env: scrubEnv(process.env, [], { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...options.env }),
    stdin: options.stdin,
    timeoutMs: (options.timeoutS ?? DEFAULT_GIT_TIMEOUT_S) * 1000,
    onStdout: (c) => out.push(c),
    onStderr: (c) => err.push(c),
  });
  if (outcome.spawnError) {
    throw new InputError(
      "git.unavailable",
      `could not run git in ${options.cwd}: ${outcome.spawnError.message}`,
      {
        hint: "check that git is installed and on PATH and that the directory exists",
        cause: outcome.spawnError,
      },
    );
  }
  return {
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout: Buffer.concat(out),
    stderr: Buffer.concat(err).toString("utf8"),
    timedOut: outcome.timedOut,
    durationMs: outcome.durationMs,
  };
}
