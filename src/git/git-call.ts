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

/**
 * Git's C-style quoting, for commands that read one path per line (`hash-object --stdin-paths`,
 * `fast-import`): both unquote a line that starts with a double quote, so a quoted path can hold
 * a newline, a carriage return or a leading quote of its own, and an unquoted one could not.
 */
export function quotePath(path: string): string {
  const body = path.replace(/[\\"\x00-\x1f\x7f]/g, (ch) => {
    if (ch === "\\" || ch === '"') return `\\${ch}`;
    return `\\${ch.charCodeAt(0).toString(8).padStart(3, "0")}`;
  });
  return `"${body}"`;
}
