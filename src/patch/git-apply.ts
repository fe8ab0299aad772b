import { runGit } from "../exec/run-git.js";

/** The only git apply invocations Leash makes: working tree only, never `--index` or `--cached`. */

/** `paths`: every path git itself read the patch as touching (its `--numstat`), renames' both sides. */
export type GitApplyOutcome = { ok: true; paths: string[] } | { ok: false; reason: string };

async function gitApply(repoRoot: string, diffText: string, extra: string[]): Promise<GitApplyOutcome> {
  const res = await runGit(["apply", ...extra, "--numstat", "-z", "--whitespace=nowarn", "-"], {
    cwd: repoRoot,
    stdin: diffText,
  });
  if (res.exitCode === 0) return { ok: true, paths: numstatPaths(res.stdout.toString("utf8")) };
  const why =
    res.stderr.trim() || (res.timedOut ? "git apply timed out" : `git apply exited ${res.exitCode}`);
  return { ok: false, reason: why };
}

/**
 * `--numstat -z` records: `added TAB deleted TAB path NUL`, or for a rename or copy `added TAB
 * deleted TAB NUL old NUL new NUL`. Counts are `-` for binary files.
 */
export function numstatPaths(out: string): string[] {
  const fields = out.split("\0");
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const m = /^(?:\d+|-)\t(?:\d+|-)\t([\s\S]*)$/.exec(fields[i] as string);
    if (!m) continue;
    if (m[1] !== "") paths.push(m[1] as string);
    else {
      paths.push(...fields.slice(i + 1, i + 3));
      i += 2;
    }
  }
  return [...new Set(paths)];
}

/** `--check` with `--numstat` checks without writing and still names the paths. */
export const gitApplyCheck = (repoRoot: string, diffText: string) =>
  gitApply(repoRoot, diffText, ["--check"]);

/** `--apply` makes git write as well as print `--numstat`, which alone would turn applying off. */
export const gitApplyWorkingTree = (repoRoot: string, diffText: string) =>
  gitApply(repoRoot, diffText, ["--apply"]);
