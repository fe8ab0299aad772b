import { displayPath } from "../config/load.js";
import type { RunInput } from "../engine/run-input.js";
import { runSession } from "../engine/session.js";
import { type ExitCode, InputError } from "../errors.js";
import { requirePrograms } from "../exec/preflight.js";
import { checkNewBranchName } from "../git/commit-paths.js";
import { requireCommits } from "../git/preconditions.js";
import { renderReport } from "../report/render.js";
import type { RunReport } from "../report/report-types.js";
import { newRunId } from "../report/run-id.js";
import { terminalApprover } from "./ask-approval.js";
import type { CliContext } from "./context.js";
import { hasInlineFlags, saveTaskCopy, writeInlineTask } from "./inline-task.js";
import { loadRepoConfig } from "./load-repo-config.js";
import { loadTaskArgsOrThrow } from "./load-tasks.js";
import { createProgress, finalLine } from "./progress.js";
import type { RunOptions } from "./run-options.js";
import { wire } from "./wire.js";
import { worstExit } from "./worst-exit.js";

export async function runCommand(
  ctx: CliContext,
  taskArgs: string[],
  options: RunOptions,
): Promise<ExitCode> {
  if (options.commit && options.branch) {
    throw new InputError("cli.commit_and_branch", "--commit and --branch cannot be used together", {
      hint: "--commit commits on the current branch; --branch NAME commits on a new branch",
    });
  }
  if (options.maxUsd !== undefined && !(options.maxUsd >= 0)) {
    throw new InputError("cli.max_usd", "--max-usd must be a number >= 0", { hint: "e.g. --max-usd 0.25" });
  }
  const loaded = await loadRepoConfig(ctx.cwd, options.config);
  const { config, repoRoot } = loaded;
  // A new repository (git init, no commit) is refused before a task copy or a ledger is written.
  requireCommits(loaded.facts);
  if (hasInlineFlags(options) && taskArgs.length > 0) {
    throw new InputError("cli.inline_and_files", "give task files or an inline task (--goal …), not both", {
      hint: "run the files and the inline task as two commands",
    });
  }
  if (!hasInlineFlags(options) && taskArgs.length === 0) {
    throw new InputError("cli.no_task", "no task given", {
      hint: 'name task files (leash run tasks/fix.yaml) or describe one inline: leash run --goal "…" --allow FILE --check VALIDATOR',
    });
  }
  if (hasInlineFlags(options)) taskArgs = [await writeInlineTask(repoRoot, ctx.cwd, options)];
  // Every task is validated before anything runs, and every invalid one is reported at once:
  // a typo in the fifth file must not strand four runs.
  const tasks = await loadTaskArgsOrThrow(ctx.cwd, taskArgs, loaded, { maxUsd: options.maxUsd });
  // Before any provider, lock or ledger row: a validator that cannot start would waste every call.
  const validators = tasks.flatMap((t) => t.validators);
  await requirePrograms(config.commands, validators, repoRoot, displayPath(ctx.cwd, loaded.file));
  const providerOverride = options.replay ? "fake" : options.provider;
  const providerName = providerOverride ?? config.provider.default;
  const wiring = wire(loaded, tasks, {
    cwd: ctx.cwd,
    providerName,
    providerOverride,
    record: options.record,
    replay: options.replay,
  });
  if (options.branch) await checkNewBranchName(repoRoot, options.branch);
  if ((options.concurrency ?? 1) > 1 && tasks.length > 1) {
    const { runConcurrently } = await import("./run-concurrent.js");
    return runConcurrently(ctx, { wiring, tasks, options });
  }

  const reports: RunReport[] = [];
  await wiring.withRunResources(async (resources) => {
    const { signal } = resources;
    for (const task of tasks) {
      if (signal.aborted) break;
      const runId = newRunId(task.id);
      const progress = createProgress(ctx, { taskId: task.id, runId, maxAttempts: task.budget.maxAttempts });
      const input: RunInput = {
        runId,
        task,
        config,
        providerName,
        providerOverride,
        approvals: options.approve ?? [],
        delivery: options.branch
          ? { kind: "branch", name: tasks.length > 1 ? `${options.branch}/${task.id}` : options.branch }
          : options.commit
            ? { kind: "commit" }
            : { kind: "working_tree" },
        signal,
        noBaseline: options.baseline === false,
      };
      const ports = wiring.sessionPorts(resources, {
        task,
        workTree: repoRoot,
        allowDirty: Boolean(options.allowDirty),
        askApproval: terminalApprover(),
        hooks: {
          onStage: progress.stage,
          onEvent: (stage, event, data) => {
            progress.event(stage, event, data);
            if (ctx.verbose) ctx.err(`[${runId}] ${stage} ${event} ${data ? JSON.stringify(data) : ""}`);
          },
        },
      });
      let report: RunReport;
      try {
        report = await runSession(ports, input);
      } finally {
        progress.done();
      }
      await saveTaskCopy(repoRoot, runId, task.file);
      reports.push(report);
      const human = renderReport(report, { color: ctx.color, verbose: ctx.verbose });
      if (options.json) ctx.err(human);
      else if (ctx.quiet) ctx.out(finalLine(report));
      else ctx.out(human);
    }
  });
  if (options.json) ctx.out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  return worstExit(reports.map((r) => r.exitCode));
}
