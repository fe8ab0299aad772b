import { isAbsolute, resolve } from "node:path";
import { InputError } from "../errors.js";
import { runGit } from "../exec/run-git.js";

/**
 * What a run needs to know about the repository before it starts, read by one `git rev-parse`
 * (a run used to ask four times): the work tree's top, the common git dir, where the markers of an
 * operation in progress would be, and whether HEAD names a commit. None of these move during an
 * invocation, so the CLI reads them once and hands them down.
 */

/** Files git leaves while a merge, rebase, am, cherry-pick, revert or bisect is unfinished. */
const IN_PROGRESS_MARKERS = [
  "MERGE_HEAD",
  "rebase-merge",
  "rebase-apply",
  "CHERRY_PICK_HEAD",
  "REVERT_HEAD",
  "BISECT_LOG",
] as const;
export type InProgressMarker = (typeof IN_PROGRESS_MARKERS)[number];

export interface RepoFacts {
  /** The top of the work tree (`--show-toplevel`). */
  root: string;
  /** Absolute; shared by every worktree of the repository. */
  commonDir: string;
  /** Absolute path of each marker, whether or not it exists. */
  markers: Record<InProgressMarker, string>;
  /** False in a repository with no commit yet. */
  hasCommits: boolean;
}

// Asked for before the command's code has loaded (cli/main.ts), taken by the first reader.
const early = new Map<string, Promise<RepoFacts>>();

/**
 * Starts reading the facts of `dir` now, so git works while the command's modules compile: the
 * first readRepoFacts(dir) takes the answer (once; later calls ask git again). A failure is only
 * reported to that reader.
 */
export function prefetchRepoFacts(dir: string): void {
  if (early.has(dir)) return;
  const pending = askGit(dir);
  pending.catch(() => undefined);
  early.set(dir, pending);
}

/** Facts about the work tree around `dir`; refuses (git.not_a_repo) outside of one. */
export function readRepoFacts(dir: string): Promise<RepoFacts> {
  const pending = early.get(dir);
  if (!pending) return askGit(dir);
  early.delete(dir);
  return pending;
}

async function askGit(dir: string): Promise<RepoFacts> {
  let result: Awaited<ReturnType<typeof runGit>>;
  const markerArgs = IN_PROGRESS_MARKERS.flatMap((m) => ["--git-path", m]);
  try {
    result = await runGit(
      ["rev-parse", "--show-toplevel", "--git-common-dir", ...markerArgs, "--verify", "-q", "HEAD^{commit}"],
      { cwd: dir },
    );
  } catch (cause) {
    throw new InputError("git.not_a_repo", `cannot run git in ${dir}`, {
      hint: "check that the directory exists and that git is installed and on PATH",
      cause,
    });
  }
  // With no commit, --verify -q fails quietly (exit 1) after printing everything else.
  const lines = result.stdout.toString("utf8").split("\n");
  const [root, commonDir, ...rest] = lines;
  const markerCount = IN_PROGRESS_MARKERS.length;
  const dubious = /dubious ownership in repository at '([^']*)'/.exec(result.stderr);
  if (dubious) {
    // A repository owned by another user (a mounted volume, a checkout made by root): git itself
    // refuses it, and "not a git work tree" would send the operator looking in the wrong place.
    throw new InputError(
      "git.dubious_ownership",
      `git refuses to work in ${dubious[1]}: the repository belongs to another user`,
      {
        hint: `if you trust it, mark it safe with \`git config --global --add safe.directory ${dubious[1]}\` (git's own advice), or run leash as the user who owns it`,
        details: { stderr: result.stderr.trim() },
      },
    );
  }
  if ((result.exitCode !== 0 && result.exitCode !== 1) || !root || !commonDir || rest.length < markerCount) {
    throw new InputError("git.not_a_repo", `${dir} is not inside a git work tree`, {
      hint: "run leash from inside a git repository (or `git init` and commit first)",
      details: { stderr: result.stderr.trim() },
    });
  }
  // One line per answer (and the commit when there is one): a path holding a newline would shift
  // every answer after it, so it is refused rather than misread.
  const expected = 2 + markerCount + (result.exitCode === 0 ? 1 : 0) + 1;
  if (lines.length !== expected) {
    throw new InputError(
      "git.unusable_path",
      `the repository's path cannot be read back from git: ${JSON.stringify(root)}…`,
      {
        hint: "Leash works in repositories whose path (and git dir) holds no newline; move or rename the directory",
        details: { stdout: result.stdout.toString("utf8") },
      },
    );
  }
  // --git-path and --git-common-dir answer relative to the directory git ran in.
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const markers = Object.fromEntries(
    IN_PROGRESS_MARKERS.map((m, i) => [m, absolute(rest[i] as string)]),
  ) as Record<InProgressMarker, string>;
  const head = rest[markerCount] ?? "";
  return {
    root,
    commonDir: absolute(commonDir),
    markers,
    hasCommits: result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(head),
  };
}

/** The top of the work tree that contains `cwd`; everything Leash writes is relative to it. */
export async function findRepoRoot(cwd: string): Promise<string> {
  return (await readRepoFacts(cwd)).root;
}
