import { EXIT, type ExitCode } from "../errors.js";
import { recoverInterruptedRun } from "../git/recover.js";
import { findRepoRoot } from "../git/repo-root.js";
import type { CliContext } from "./context.js";

/** `leash recover`: a live lock is refused (InputError, exit 2); errors reach main.ts. */
export async function recoverCommand(ctx: CliContext): Promise<ExitCode> {
  const repoRoot = await findRepoRoot(ctx.cwd);
  const result = await recoverInterruptedRun(repoRoot);
  switch (result.kind) {
    case "nothing":
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
  }
  return EXIT.accepted;
}
