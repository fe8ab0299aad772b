import { openExistingLedger } from "../budget/ledger/open-target.js";
import { EXIT, type ExitCode, isLeashError } from "../errors.js";
import { findRepoRoot } from "../git/repo-facts.js";
import { sweepStaleTemp } from "../git/sweep-temp.js";
import type { CliContext } from "./context.js";
import { loadRepoConfig } from "./load-repo-config.js";
import { type RecoverOptions, recoverInterruptedRun } from "./recover-run.js";
import { recoverTaskWorktrees, type WorktreeRecovery } from "./recover-worktrees.js";

/** `leash recover`: a live lock is refused (InputError, exit 2); errors reach main.ts. */
export async function recoverCommand(ctx: CliContext, options: RecoverOptions = {}): Promise<ExitCode> {
  const repoRoot = await findRepoRoot(ctx.cwd);
  const result = await recoverInterruptedRun(repoRoot, { force: Boolean(options.force) });
  const worktrees = await recoverTaskWorktrees(repoRoot);
  const swept = await sweepStaleTemp(repoRoot);
  if (result.kind !== "nothing") {
    for (const what of result.ended) ctx.out(`ended ${what}, left running by the interrupted run`);
  }
  switch (result.kind) {
    case "nothing":
      if (worktrees.length === 0 && swept.length === 0)
        ctx.out("nothing to recover: no interrupted run (no .leash/lock)");
      break;
    case "cleared":
      ctx.out(
        `cleared the lock of run ${result.runId || "(unknown)"}: ${result.reason}; no files to restore`,
      );
      break;
    case "recovered":
      ctx.out(
        `recovered run ${result.runId}: restored ${result.restored.length}, removed ${result.removed.length}`,
      );
      if (!ctx.quiet) {
        for (const p of result.restored) ctx.out(`  restored ${p}`);
        for (const p of result.removed) ctx.out(`  removed  ${p}`);
      }
      break;
    case "forced":
      ctx.out(`released the lock of run ${result.runId} (--force); the rollback was not verified`);
      for (const p of result.unverified) ctx.err(`  not verified: ${p}`);
      ctx.err("  check those paths yourself (git diff, git status): Leash no longer vouches for them");
      break;
  }
  for (const w of worktrees) ctx.out(describeWorktree(w));
  for (const path of swept) ctx.out(`removed ${path}, left by a killed process`);
  if (result.kind !== "nothing" || worktrees.some((w) => w.kind === "removed"))
    await reconcileCrashedReservations(ctx);
  return EXIT.accepted;
}

function describeWorktree(w: WorktreeRecovery): string {
  if (w.kind === "running")
    return `task worktree ${w.runId}: its run is still going (pid ${w.pid}); left alone`;
  const task = w.taskId ? `task ${w.taskId} (run ${w.runId})` : `run ${w.runId}`;
  const ended = w.ended.length > 0 ? `; ended ${w.ended.join(", ")}` : "";
  const status = w.wasStatus === undefined || w.wasStatus === "running" ? "interrupted" : w.wasStatus;
  return `${task}: ${status}; removed its worktree${ended}`;
}

/**
 * A crashed run's reservations still count against every budget; settling them is part of
 * recovering from the crash. Without a readable config or ledger, say how to do it later.
 */
async function reconcileCrashedReservations(ctx: CliContext): Promise<void> {
  try {
    const { config, repoRoot } = await loadRepoConfig(ctx.cwd);
    const ledger = await openExistingLedger(config, repoRoot);
    if (!ledger) return;
    try {
      const { reconciled } = await ledger.reconcile();
      if (reconciled.length > 0) {
        ctx.out(
          `settled ${reconciled.length} reservation(s) left by the crashed process at their projected cost`,
        );
      }
    } finally {
      await ledger.close();
    }
  } catch (error) {
    if (isLeashError(error) && error.code === "config.missing") return;
    ctx.err(
      `could not reconcile the ledger (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); run \`leash ledger reconcile\``,
    );
  }
}
