import { access } from "node:fs/promises";
import picomatch from "picomatch";
import { InputError, isLeashError } from "../errors.js";
import { gitOk, splitNul } from "./git-call.js";
import { type InProgressMarker, type RepoFacts, readRepoFacts } from "./repo-facts.js";

export interface PreconditionInput {
  repoRoot: string;
  /** The task's allowed-file globs, repository-relative. */
  allowedGlobs: string[];
  allowDirty: boolean;
  /** What the CLI already read about this work tree (readRepoFacts); read here when absent. */
  facts?: RepoFacts;
}

/** Operations that leave the tree half-done; a run on top of them could not be rolled back cleanly. */
const IN_PROGRESS: { marker: InProgressMarker; what: string; code: string; hint: string }[] = [
  {
    marker: "MERGE_HEAD",
    what: "a merge",
    code: "git.merge_in_progress",
    hint: "finish or abort it (`git merge --abort`)",
  },
  {
    marker: "rebase-merge",
    what: "a rebase",
    code: "git.rebase_in_progress",
    hint: "finish or abort it (`git rebase --abort`)",
  },
  {
    marker: "rebase-apply",
    what: "a rebase or am",
    code: "git.rebase_in_progress",
    hint: "finish or abort it (`git rebase --abort` or `git am --abort`)",
  },
  {
    marker: "CHERRY_PICK_HEAD",
    what: "a cherry-pick",
    code: "git.cherry_pick_in_progress",
    hint: "finish or abort it (`git cherry-pick --abort`)",
  },
  {
    marker: "REVERT_HEAD",
    what: "a revert",
    code: "git.revert_in_progress",
    hint: "finish or abort it (`git revert --abort`)",
  },
  {
    marker: "BISECT_LOG",
    what: "a bisect",
    code: "git.bisect_in_progress",
    hint: "end it with `git bisect reset`",
  },
];

export interface CheckedTree extends RepoFacts {
  /**
   * Files under .leash/ that git tracks and that have changed (seen in the status the dirty check
   * reads anyway): a `git stash` or `git checkout` would put back an older ledger or state.
   */
  trackedState: string[];
}

/**
 * Refuses to start a run on a repository state Leash could not safely checkpoint and restore.
 * Returns the facts it checked, for what comes next (the common git dir).
 */
export async function checkPreconditions(input: PreconditionInput): Promise<CheckedTree> {
  const { repoRoot } = input;
  const facts = input.facts?.root === repoRoot ? input.facts : await factsOfWorkTree(repoRoot);
  requireCommits(facts);
  await refuseOperationInProgress(repoRoot, facts);
  const trackedState = input.allowDirty ? [] : await refuseDirtyAllowedFiles(repoRoot, input.allowedGlobs);
  return { ...facts, trackedState };
}

/** A checkpoint needs a commit to stand on; `leash run` asks before it writes anything. */
export function requireCommits(facts: RepoFacts): void {
  if (!facts.hasCommits) {
    throw new InputError("git.no_commits", "the repository has no commits yet", {
      hint: "make a first commit so Leash has something to check out against (`git commit`)",
    });
  }
}

async function factsOfWorkTree(repoRoot: string): Promise<RepoFacts> {
  const notAWorkTree = () =>
    new InputError("git.not_a_work_tree", `${repoRoot} is not a git work tree`, {
      hint: "run leash inside a non-bare git repository",
    });
  return readRepoFacts(repoRoot).catch((error: unknown) => {
    throw isLeashError(error) && error.code === "git.not_a_repo" ? notAWorkTree() : error;
  });
}

async function refuseOperationInProgress(repoRoot: string, facts: RepoFacts): Promise<void> {
  for (const op of IN_PROGRESS) {
    const present = await access(facts.markers[op.marker]).then(
      () => true,
      () => false,
    );
    if (present) {
      throw new InputError(op.code, `${op.what} is in progress in ${repoRoot}`, { hint: op.hint });
    }
  }
}

/** Returns the tracked, changed files under .leash/ that the same status shows. */
async function refuseDirtyAllowedFiles(repoRoot: string, globs: string[]): Promise<string[]> {
  if (globs.length === 0) return [];
  const isAllowed = picomatch(globs, { dot: true });
  const status = splitNul(
    await gitOk(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"], {
      cwd: repoRoot,
    }),
  );
  const dirty = status.map((line) => line.slice(3)).filter((path) => isAllowed(path));
  const trackedState = status
    .filter((line) => !line.startsWith("??") && line.slice(3).startsWith(".leash/"))
    .map((line) => line.slice(3));
  if (dirty.length === 0) return trackedState;
  const shown = dirty.slice(0, 20).join(", ") + (dirty.length > 20 ? `, … (${dirty.length} in all)` : "");
  throw new InputError("git.dirty_allowed_files", `allowed files have uncommitted changes: ${shown}`, {
    hint: "commit or stash them first, or pass --allow-dirty to snapshot them into the checkpoint",
    details: { files: dirty },
  });
}
