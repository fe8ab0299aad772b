import { runSession } from "../engine/session.js";
import { EXIT, type ExitCode, formatError, InputError, isLeashError } from "../errors.js";
import { firstFreeBranchName } from "../git/commit-paths.js";
import { checkPreconditions } from "../git/preconditions.js";
import { addTaskWorktree, removeTaskWorktree } from "../git/worktree.js";
import { renderReport, usd } from "../report/render.js";
import type { RunReport } from "../report/report-types.js";
import { newRunId } from "../report/run-id.js";
import { renderTable } from "../report/table.js";
import type { ResolvedTask } from "../task/schema.js";
import type { CliContext } from "./context.js";
import { saveTaskCopy } from "./inline-task.js";
import type { RunOptions } from "./run-options.js";
import { runPool } from "./task-pool.js";
import { trackedStateWarning, type Wiring } from "./wire.js";
import { worstExit } from "./worst-exit.js";

export interface ConcurrentRun {
  wiring: Wiring;
  tasks: ResolvedTask[];
  options: RunOptions;
}

/**
 * `leash run A B C --concurrency N`: each task in its own git worktree at HEAD, all reserving
 * from one ledger. An accepted change becomes a commit on `leash/<task-id>` (never merged);
 * a failed task leaves only its report. The operator's working tree is never written.
 */
export async function runConcurrently(ctx: CliContext, run: ConcurrentRun): Promise<ExitCode> {
  const { wiring, tasks, options } = run;
  const { config, repoRoot } = wiring.loaded;
  if (options.commit || options.branch) {
    throw new InputError(
      "cli.concurrency_delivery",
      "--commit and --branch do not apply with --concurrency",
      {
        hint: "concurrent tasks always deliver to their own branch leash/<task-id> (leash/<task-id>-2 when that exists)",
      },
    );
  }
  const ids = new Set<string>();
  const trackedState = new Set<string>();
  const branches = new Map<ResolvedTask, string>();
  const taken = new Set<string>();
  for (const task of tasks) {
    if (ids.has(task.id)) {
      throw new InputError("task.duplicate_id", `two tasks share the id ${task.id}`, {
        hint: "give each task its own id",
      });
    }
    ids.add(task.id);
    const branch = await firstFreeBranchName(repoRoot, branchFor(task), taken);
    taken.add(branch);
    branches.set(task, branch);
    // Worktrees start from HEAD: uncommitted edits to a task's files would be silently left out.
    const checked = await checkPreconditions({
      repoRoot,
      allowedGlobs: task.allowedFiles,
      allowDirty: Boolean(options.allowDirty),
    });
    for (const path of checked.trackedState) trackedState.add(path);
  }
  // The tasks' worktrees hold unchanged copies, so their own runs cannot see it: said once here.
  for (const warning of trackedStateWarning([...trackedState])) ctx.err(`warning: ${warning}`);
  const reports: Slot[] = tasks.map((task) => ({ task }));
  await wiring.withRunResources(async (resources) => {
    const { signal } = resources;
    const onError = (slot: Slot, error: unknown) => {
      fail(slot, error);
      // With its hint, as a single run would print it; the summary repeats the message.
      if (isLeashError(error)) ctx.err(`leash: task ${slot.task.id}: ${formatError(error)}`);
    };
    const runTask = async (slot: Slot) => {
      const runId = newRunId(slot.task.id);
      let workTree: string | undefined;
      try {
        workTree = await addTaskWorktree(repoRoot, runId);
        slot.report = await runSession(
          wiring.sessionPorts(resources, {
            task: slot.task,
            workTree,
            stateRoot: repoRoot,
            allowDirty: false,
          }),
          {
            runId,
            task: slot.task,
            config,
            providerName: wiring.providerName,
            providerOverride: wiring.providerOverride,
            approvals: options.approve ?? [],
            delivery: { kind: "branch", name: branches.get(slot.task) ?? branchFor(slot.task) },
            signal,
            noBaseline: options.baseline === false,
          },
        );
        await saveTaskCopy(repoRoot, runId, slot.task.file);
        if (!ctx.quiet) ctx.err(renderReport(slot.report, { color: ctx.color, verbose: ctx.verbose }));
      } finally {
        // Reported apart, so a failed removal never hides why the task itself failed.
        if (workTree !== undefined && !options.keepWorktrees)
          await removeTaskWorktree(repoRoot, workTree).catch((error: unknown) => onError(slot, error));
      }
    };
    await runPool(reports, options.concurrency ?? 1, runTask, { onError, stop: signal });
  });
  const done = reports.flatMap((r) => (r.report ? [r.report] : []));
  if (options.json) ctx.out(JSON.stringify(done, null, 2));
  const table = summaryTable(reports);
  if (options.json) ctx.err(table);
  else ctx.out(table);
  const codes = reports.map((r) => r.report?.exitCode ?? r.exit ?? EXIT.internal);
  return worstExit(codes);
}

interface Slot {
  task: ResolvedTask;
  report?: RunReport;
  /** Why the task has no report (its worktree could not be made, say), and the exit that says so. */
  error?: string;
  exit?: ExitCode;
}

function fail(slot: Slot, error: unknown): void {
  slot.error ??= error instanceof Error ? error.message : String(error);
  slot.exit ??= isLeashError(error) ? error.exitCode : EXIT.internal;
}

export function branchFor(task: ResolvedTask): string {
  return `leash/${task.id}`;
}

function summaryTable(rows: Slot[]): string {
  const header = ["task", "status", "role path", "attempts", "cost", "branch"];
  const body = rows.map(({ task, report, error }) => [
    task.id,
    report ? `${report.status} (${report.exitCode})` : error ? `error: ${error}` : "not started",
    report?.rolePath.join(" → ") ?? "",
    String(report?.attempts.length ?? 0),
    usd(report?.totals.actualUsd ?? 0),
    report?.change.branch ?? "-",
  ]);
  const total = rows.reduce((s, r) => s + (r.report?.totals.actualUsd ?? 0), 0);
  body.push(["total", "", "", "", usd(total), ""]);
  return renderTable(header, body);
}
