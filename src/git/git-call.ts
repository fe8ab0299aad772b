import { InternalError } from "../errors.js";
import type { GitOptions } from "../exec/contract.js";
import { runGit } from "../exec/run-git.js";

/** Runs git and returns stdout; a failure here is unexpected, so it stops the run with git's own words. */
export async function gitOk(args: string[], options: GitOptions): Promise<Buffer> {
  const r = await runGit(args, options);
  if (r.exitCode !== 0) {
    const why = r.timedOut ? "timed out" : r.stderr.trim() || `exit ${r.exitCode ?? r.signal}`;
    throw new InternalError("git.failed", `git ${args[0]} failed: ${why}`, {
      hint: "run `git status` in the repository to see what git objects to",
      details: { args, stderr: r.stderr.trim(), exitCode: r.exitCode },
    });
  }
  return r.stdout;
}

/** Splits NUL-separated git output, dropping the empty trailing field. */
export function splitNul(buf: Buffer): string[] {
  return buf
    .toString("utf8")
    .split("\0")
    .filter((s) => s !== "");
}
