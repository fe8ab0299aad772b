import { join } from "node:path";
import { EXIT, type ExitCode, InputError } from "../errors.js";
import { runGit } from "../exec/run-git.js";
import { findRepoRoot } from "../git/repo-facts.js";
import { rollbackToCheckpoint } from "../git/rollback.js";
import { findRun } from "../report/run-history.js";
import { RunStateStore } from "../report/state.js";
import { undoAdvice } from "../report/undo-advice.js";
import type { CliContext } from "./context.js";

/**
 * `leash undo RUN`: takes an accepted change out of the working tree. The accepted patch is
 * reverse-applied, so edits the operator made elsewhere since survive; when the patched lines
 * were edited too, undo refuses unless --force, which restores the checkpoint bytes.
 */
export async function undoCommand(
  ctx: CliContext,
  id: string,
  options: { force?: boolean },
): Promise<ExitCode> {
  const repoRoot = await findRepoRoot(ctx.cwd);
  const run = findRun(repoRoot, id);
  // Undo restores bytes from what these files say: a damaged one is never guessed around.
  if (run.damaged) throw run.damaged;
  const report = run.report;
  if (run.state?.status === "undone") {
    ctx.out(`run ${run.runId} was already undone; its files are back to the state before the run`);
    return EXIT.accepted;
  }
  if (!report || report.change.where === "none" || report.status !== "accepted") {
    ctx.out(
      `run ${run.runId} left no change in the working tree (status ${report?.status ?? run.state?.status ?? "unknown"}); nothing to undo`,
    );
    return EXIT.accepted;
  }
  if (report.change.where !== "working_tree") {
    const how = undoAdvice(report.change, run.runId);
    throw new InputError(
      "undo.committed",
      `run ${run.runId} committed its change (${report.change.commit?.slice(0, 12)}); Leash does not rewrite history`,
      {
        hint: `undo it with git: ${how}`,
      },
    );
  }
  const accepted = report.attempts.find((a) => a.outcome === "accepted");
  if (!accepted?.patchFile)
    throw new InputError("undo.no_patch", `run ${run.runId} has no recorded patch`, {
      hint: "restore the files with git",
    });
  const patchPath = join(repoRoot, accepted.patchFile);
  const check = await runGit(["apply", "-R", "--check", patchPath], { cwd: repoRoot });
  if (check.exitCode === 0) {
    const applied = await runGit(["apply", "-R", patchPath], { cwd: repoRoot });
    if (applied.exitCode !== 0)
      throw new InputError("undo.failed", `git apply -R failed: ${applied.stderr.trim()}`);
  } else if (options.force && run.state?.checkpoint) {
    const result = await rollbackToCheckpoint(repoRoot, run.state.checkpoint, report.change.files);
    if (!result.ok)
      throw new InputError("undo.mismatch", `could not restore: ${result.mismatches.join(", ")}`);
  } else {
    throw new InputError(
      "undo.changed_since",
      `the files of run ${run.runId} changed since it was accepted: ${check.stderr.trim()}`,
      {
        hint: "review them with git diff; `leash undo RUN --force` restores the checkpoint bytes, dropping those edits",
      },
    );
  }
  const state = await RunStateStore.open(run.dir).catch(() => undefined);
  await state?.finish("undone");
  ctx.out(`undone: ${report.change.files.join(", ")} restored to the state before run ${run.runId}`);
  return EXIT.accepted;
}
