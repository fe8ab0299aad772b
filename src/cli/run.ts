import { resolve } from "node:path";
import { countTokens } from "../budget/tokens.js";
import { loadConfig } from "../config/load.js";
import type { RunReport } from "../engine/report-types.js";
import type { RunInput } from "../engine/run-input.js";
import { type ExitCode, InputError } from "../errors.js";
import { checkNewBranchName } from "../git/commit-paths.js";
import { resolveProvider } from "../providers/resolve-provider.js";
import { renderReport } from "../report/render.js";
import { newRunId } from "../report/run-id.js";
import { loadTask } from "../task/load.js";
import type { ResolvedTask } from "../task/schema.js";
import { terminalApprover } from "./ask-approval.js";
import type { CliContext } from "./context.js";
import { createProgress } from "./progress.js";
import { withRunResources } from "./run-resources.js";
import { runSession } from "./run-session.js";
import { expandTaskArgs } from "./task-args.js";
import { worstExit } from "./worst-exit.js";

export interface RunOptions {
  provider?: "fake" | "openai";
  config?: string;
  json?: boolean;
  commit?: boolean;
  branch?: string;
  approve?: string[];
  maxUsd?: number;
  concurrency?: number;
  keepWorktrees?: boolean;
  allowDirty?: boolean;
  record?: string;
  replay?: string;
}

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
  const loaded = await loadConfig({ cwd: ctx.cwd, configPath: options.config });
  const { config, repoRoot } = loaded;
  const files = expandTaskArgs(ctx.cwd, taskArgs);
  // Every task is validated before anything runs: a typo in the fifth file must not strand four runs.
  const tasks: ResolvedTask[] = [];
  for (const file of files) tasks.push(await loadTask(file, loaded, { maxUsd: options.maxUsd }));
  const providerName = options.replay ? "fake" : (options.provider ?? config.provider.default);
  const countO200k = (text: string) => countTokens(text, "o200k_base");
  // Built once per task, up front: the gate refuses before any lock, checkpoint or ledger write.
  const providers = new Map(
    tasks.map((task) => [
      task,
      resolveProvider(
        providerName,
        config,
        process.env,
        {
          responses: task.fakeResponses,
          countTokens: countO200k,
          replayFile: options.replay && resolve(ctx.cwd, options.replay),
        },
        { recordFile: options.record && resolve(ctx.cwd, options.record) },
      ),
    ]),
  );
  const providerFor = (task: ResolvedTask) => providers.get(task)!;
  if (options.branch) await checkNewBranchName(repoRoot, options.branch);
  if ((options.concurrency ?? 1) > 1 && tasks.length > 1) {
    const { runConcurrently } = await import("./run-concurrent.js");
    return runConcurrently(ctx, { loaded, tasks, providerFor, providerName, options });
  }

  const reports: RunReport[] = [];
  await withRunResources(loaded, async ({ ledger, runner, signal }) => {
    for (const task of tasks) {
      if (signal.aborted) break;
      const runId = newRunId(task.id);
      const progress = createProgress(ctx, task.id, runId);
      const input: RunInput = {
        runId,
        task,
        config,
        providerName,
        approvals: options.approve ?? [],
        delivery: options.branch
          ? { kind: "branch", name: tasks.length > 1 ? `${options.branch}/${task.id}` : options.branch }
          : options.commit
            ? { kind: "commit" }
            : { kind: "working_tree" },
        signal,
      };
      const report = await runSession(
        {
          loaded,
          workTree: repoRoot,
          ledger,
          provider: providerFor(task),
          runner,
          allowDirty: Boolean(options.allowDirty),
          askApproval: terminalApprover(),
          onStage: progress.stage,
          onEvent: ctx.verbose
            ? (stage, event, data) =>
                ctx.err(`[${runId}] ${stage} ${event} ${data ? JSON.stringify(data) : ""}`)
            : undefined,
        },
        input,
      );
      progress.done();
      reports.push(report);
      const human = renderReport(report, { color: ctx.color });
      if (options.json) ctx.err(human);
      else if (!ctx.quiet || report.exitCode !== 0) ctx.out(human);
    }
  });
  if (options.json) ctx.out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  return worstExit(reports.map((r) => r.exitCode));
}
