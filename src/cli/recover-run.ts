import { rm } from "node:fs/promises";
import { InputError } from "../errors.js";
import { endOwnedGroup } from "../exec/owned-process.js";
import { isProcessAlive } from "../exec/process-alive.js";
import { runGit } from "../exec/run-git.js";
import { lockPath, readLock } from "../git/lock.js";
import { rollbackToCheckpoint } from "../git/rollback.js";
import { RunStateStore, runDir } from "../report/state.js";

export type RecoverResult =
  /** No lock: no run was interrupted. */
  | { kind: "nothing" }
  /** The run stopped before its checkpoint, so no file was written; only the lock was cleared. */
  | { kind: "cleared"; runId: string; reason: string; ended: string[] }
  /** The paths at risk are back to their checkpoint bytes and verified. */
  | { kind: "recovered"; runId: string; restored: string[]; removed: string[]; ended: string[] }
  /**
   * `--force`: the rollback could not be completed or verified, and the lock was released anyway
   * on the operator's word; `unverified` names each path (and why) that Leash could not vouch for.
   */
  | { kind: "forced"; runId: string; restored: string[]; unverified: string[]; ended: string[] };

export interface RecoverOptions {
  /** Release the lock even when the rollback is blocked or cannot be verified. */
  force?: boolean;
}

/**
 * After a crash: rolls the interrupted run's pathsAtRisk back to its checkpoint, marks its state
 * `recovered` and clears the lock. A lock whose process is alive is refused.
 * A rollback that cannot be verified keeps the lock and throws, so nothing pretends to be clean.
 */
export async function recoverInterruptedRun(
  repoRoot: string,
  options: RecoverOptions = {},
): Promise<RecoverResult> {
  const lock = await readLock(repoRoot);
  if (!lock) return { kind: "nothing" };
  if (lock.pid > 0 && isProcessAlive(lock.pid)) {
    throw new InputError("lock.busy", `run ${lock.runId} (pid ${lock.pid}) is still running`, {
      hint: "wait for it to finish (or stop it) before running `leash recover`",
      details: { ...lock },
    });
  }
  const clear = () => rm(lockPath(repoRoot), { force: true });
  if (!lock.runId) {
    await clear();
    return { kind: "cleared", runId: "", reason: "the lock named no run", ended: [] };
  }
  const store = await RunStateStore.open(runDir(repoRoot, lock.runId));
  // A validator of the dead run may still be writing: end it before restoring a byte.
  const ended = store ? await endRecordedChildren(store) : [];
  if (store && store.current.status !== "running") {
    // It reached a verdict and died before unlocking; rolling back would undo an accepted patch.
    await clear();
    return {
      kind: "cleared",
      runId: lock.runId,
      reason: `the run had already finished (${store.current.status})`,
      ended,
    };
  }
  const checkpoint = store?.current.checkpoint;
  if (!store || !checkpoint) {
    await store?.finish("recovered");
    await clear();
    return {
      kind: "cleared",
      runId: lock.runId,
      reason: store ? "no checkpoint was taken" : "no state.json",
      ended,
    };
  }
  const forced = async (restored: string[], unverified: string[]): Promise<RecoverResult> => {
    await store.finish("recovered");
    await clear();
    return { kind: "forced", runId: lock.runId, restored, unverified, ended };
  };
  const hasTree = await runGit(["cat-file", "-e", `${checkpoint.tree}^{tree}`], { cwd: repoRoot });
  if (hasTree.exitCode !== 0) {
    if (options.force)
      return forced(
        [],
        [...store.current.pathsAtRisk].map((p) => `${p} (checkpoint gone)`),
      );
    throw new InputError(
      "recover.checkpoint_missing",
      `checkpoint ${checkpoint.ref} of run ${lock.runId} is gone`,
      {
        hint: `restore the files by hand (see ${runDir(repoRoot, lock.runId)}/state.json pathsAtRisk), then run \`leash recover --force\` to release the lock`,
      },
    );
  }
  const result = await rollbackToCheckpoint(repoRoot, checkpoint, store.current.pathsAtRisk);
  if (!result.ok && options.force) {
    const failed = new Set(result.failures.map((f) => f.path));
    return forced(
      [],
      [
        ...result.failures.map((f) => `${f.path} (${f.code})`),
        ...result.mismatches.filter((m) => !failed.has(m)).map((m) => `${m} (differs from the checkpoint)`),
      ],
    );
  }
  if (!result.ok && result.failures.length > 0) {
    const named = result.failures.map((f) => `${f.path} (${f.code})`).join(", ");
    throw new InputError("recover.blocked", `run ${lock.runId} cannot be rolled back yet: ${named}`, {
      hint: "make those paths and their directories writable (chmod u+w, remount read-write, free disk space), then run `leash recover` again; the lock is kept until then. If you restored them another way, `leash recover --force` releases the lock",
      details: { failures: result.failures },
    });
  }
  if (!result.ok) {
    throw new InputError(
      "recover.verify_failed",
      `rollback of run ${lock.runId} left files different from the checkpoint: ${result.mismatches.join(", ")}`,
      {
        hint: `compare them with \`git diff ${checkpoint.commit} -- <file>\` and fix by hand, then run \`leash recover --force\` to release the lock`,
        details: { mismatches: result.mismatches },
      },
    );
  }
  await store.finish("recovered");
  await clear();
  return {
    kind: "recovered",
    runId: lock.runId,
    restored: result.restored,
    removed: result.removed,
    ended,
  };
}

/** Ends every process group the state still lists; returns the commands that were still running. */
export async function endRecordedChildren(store: RunStateStore): Promise<string[]> {
  const ended: string[] = [];
  for (const child of store.current.children ?? []) {
    if ((await endOwnedGroup(child)) === "ended") ended.push(`${child.command} (pid ${child.pgid})`);
  }
  if ((store.current.children ?? []).length > 0) await store.update({ children: [] });
  return ended;
}
