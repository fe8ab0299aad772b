import { runGit } from "../exec/run-git.js";

/** The only git apply invocations Leash makes: working tree only, never `--index` or `--cached`. */

export type GitApplyOutcome = { ok: true } | { ok: false; reason: string };

async function gitApply(repoRoot: string, diffText: string, extra: string[]): Promise<GitApplyOutcome> {
  const res = await runGit(["apply", ...extra, "--whitespace=nowarn", "-"], {
    cwd: repoRoot,
    stdin: diffText,
  });
  if (res.exitCode === 0) return { ok: true };
  const why =
    res.stderr.trim() || (res.timedOut ? "git apply timed out" : `git apply exited ${res.exitCode}`);
  return { ok: false, reason: why };
}

export const gitApplyCheck = (repoRoot: string, diffText: string) =>
  gitApply(repoRoot, diffText, ["--check"]);

export const gitApplyWorkingTree = (repoRoot: string, diffText: string) => gitApply(repoRoot, diffText, []);
