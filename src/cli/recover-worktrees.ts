import { readdirSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";
import { readProcStat } from "../exec/owned-process.js";
import { isProcessAlive } from "../exec/process-alive.js";
import { runGit } from "../exec/run-git.js";
import { readLock } from "../git/lock.js";
import { parseOwnerReason, removeTaskWorktree, WORKTREES_DIR } from "../git/worktree.js";
import { RunStateStore, type RunStatus, runDir } from "../report/state.js";
import { endRecordedChildren } from "./recover-run.js";

export type WorktreeRecovery =
  /** A live concurrent run owns it: left alone. */
  | { kind: "running"; runId: string; pid: number }
  /** Its run died: its processes were ended, the worktree removed and git's list pruned. */
  | { kind: "removed"; runId: string; taskId?: string; wasStatus?: RunStatus; ended: string[] };

/**
 * After a killed `--concurrency` run: every task worktree under .leash/worktrees/ whose owner is
 * gone. The operator's tree was never written by those runs, so removing the worktree is the
 * rollback; an accepted task's change is already a commit on its own branch and stays there.
 */
export async function recoverTaskWorktrees(repoRoot: string): Promise<WorktreeRecovery[]> {
  const base = join(repoRoot, WORKTREES_DIR);
  const registered = await listLeashWorktrees(repoRoot);
  const onDisk = safeReaddir(base).map((name) => join(base, name));
  const paths = [...new Set([...registered.keys(), ...onDisk.map(real)])].sort();
  const results: WorktreeRecovery[] = [];
  for (const path of paths) {
    const runId = basename(path);
    const owner = await liveOwner(path, registered.get(path));
    if (owner !== undefined) {
      results.push({ kind: "running", runId, pid: owner });
      continue;
    }
    const store = await RunStateStore.open(runDir(repoRoot, runId));
    const ended = store ? await endRecordedChildren(store) : [];
    const wasStatus = store?.current.status;
    if (store && wasStatus === "running") await store.finish("recovered");
    await removeTaskWorktree(repoRoot, path);
    results.push({ kind: "removed", runId, taskId: store?.current.taskId, wasStatus, ended });
  }
  await runGit(["worktree", "prune"], { cwd: repoRoot });
  return results;
}

/** The pid of a live process that owns the worktree, from git's lock reason or the worktree's own lock. */
async function liveOwner(path: string, reason: string | undefined): Promise<number | undefined> {
  const owner = reason === undefined ? undefined : parseOwnerReason(reason);
  if (owner) {
    const stat = readProcStat(owner.pid);
    const same =
      stat !== undefined &&
      stat.state !== "Z" &&
      (owner.startTicks === 0 || stat.startTicks === owner.startTicks);
    if (same) return owner.pid;
  }
  const lock = await readLock(path).catch(() => undefined);
  if (lock && lock.pid > 0 && isProcessAlive(lock.pid) && lock.pid !== owner?.pid) return lock.pid;
  return undefined;
}

/** Worktrees git knows under `base`, path → lock reason ("" when locked without one). */
async function listLeashWorktrees(repoRoot: string): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const listed = await runGit(["worktree", "list", "--porcelain"], { cwd: repoRoot });
  const realBase = join(real(repoRoot), WORKTREES_DIR);
  let current: string | undefined;
  for (const line of listed.stdout.toString("utf8").split("\n")) {
    if (line.startsWith("worktree ")) {
      const path = real(line.slice("worktree ".length));
      current = path.startsWith(`${realBase}/`) ? path : undefined;
      if (current) out.set(current, undefined);
    } else if (current && line.startsWith("locked")) {
      out.set(current, line.slice("locked".length).trim());
    }
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
