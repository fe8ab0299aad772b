import { existsSync, symlinkSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { readProcStat } from "../exec/owned-process.js";
import { runGit } from "../exec/run-git.js";
import { gitOk } from "./git-call.js";
import { LEASH_DIR } from "./scan-worktree.js";

export const WORKTREES_DIR = join(LEASH_DIR, "worktrees");

/** Git's lock reason on a task worktree names the Leash process that owns it. */
export function ownerReason(pid: number, startTicks: number): string {
  return `leash pid ${pid} ticks ${startTicks}`;
}

export function parseOwnerReason(reason: string): { pid: number; startTicks: number } | undefined {
  const m = /^leash pid (\d+) ticks (\d+)$/.exec(reason.trim());
  return m ? { pid: Number(m[1]), startTicks: Number(m[2]) } : undefined;
}

/**
 * git's bookkeeping of worktrees (.git/worktrees/) is not safe against itself: a `prune` beside an
 * `add` can delete the entry being made, and an `add` can read one that a `remove` is deleting
 * ("failed to read .git/worktrees/X/commondir"). A concurrent run's tasks start and end their
 * worktrees at the same moments, so these calls go one at a time within the process; other Leash
 * processes are kept out of the repository by its lock.
 */
let bookkeeping: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const turn = bookkeeping.then(work, work);
  bookkeeping = turn.catch(() => undefined);
  return turn;
}

/**
 * A task's own working tree for concurrent runs: a detached `git worktree` at HEAD under
 * .leash/worktrees/, so its patch, validators and rollback never touch the operator's files.
 * It is created locked, with this process as the reason, in the same git call: `leash recover`
 * can then tell a live concurrent run's worktree from one a killed run left behind.
 */
export async function addTaskWorktree(repoRoot: string, name: string): Promise<string> {
  const dir = join(repoRoot, WORKTREES_DIR, name);
  await mkdir(join(repoRoot, WORKTREES_DIR), { recursive: true });
  const reason = ownerReason(process.pid, readProcStat(process.pid)?.startTicks ?? 0);
  await oneAtATime(() =>
    gitOk(["worktree", "add", "--detach", "--lock", "--reason", reason, "--quiet", dir, "HEAD"], {
      cwd: repoRoot,
    }),
  );
  // Ignored dependencies are not part of HEAD; validators still need them, read from the repo's own.
  const deps = join(repoRoot, "node_modules");
  if (existsSync(deps) && !existsSync(join(dir, "node_modules")))
    symlinkSync(deps, join(dir, "node_modules"), "dir");
  return dir;
}

export async function removeTaskWorktree(repoRoot: string, dir: string): Promise<void> {
  await oneAtATime(async () => {
    // Twice --force: the worktree is locked (see addTaskWorktree) and may hold uncommitted files.
    await runGit(["worktree", "remove", "--force", "--force", dir], { cwd: repoRoot });
    await rm(dir, { recursive: true, force: true });
    await runGit(["worktree", "prune"], { cwd: repoRoot });
  });
}
