import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Ledger } from "../budget/ledger/contract.js";
import type { LoadedConfig } from "../config/load.js";
import { convergenceFile } from "../engine/judge.js";
import type { EnginePorts } from "../engine/ports.js";
import type { RunReport } from "../engine/report-types.js";
import type { RunInput } from "../engine/run-input.js";
import { runTask } from "../engine/run-task.js";
import type { CommandRunner } from "../exec/contract.js";
import { createCheckpoint } from "../git/checkpoint.js";
import { ensureLeashExcluded } from "../git/exclude.js";
import { acquireLock, refuseIfLocked } from "../git/lock.js";
import { checkPreconditions } from "../git/preconditions.js";
import type { RoleProvider } from "../providers/contract.js";
import { writeJsonAtomic } from "../report/atomic-write.js";
import { createEventLog } from "../report/events.js";
import { RunStateStore, runDir } from "../report/state.js";
import { runValidators } from "../validate/run-validators.js";
import { createBudgetPort } from "./adapters/budget.js";
import { createRecorder } from "./adapters/recorder.js";
import { createWorkspace } from "./adapters/workspace.js";

/**
 * One task run against a working tree: preconditions, lock, checkpoint, the engine, and the
 * files it leaves (state.json, events.jsonl, report.json, convergence.json). The lock is
 * released and the ledger closed whatever happens.
 */
export interface SessionDeps {
  loaded: LoadedConfig;
  /** The working tree to run in: the repository, or a task's own worktree. */
  workTree: string;
  /** Where .leash/runs/<id> lives: the repository, also for runs in a worktree. */
  stateRoot?: string;
  ledger: Ledger;
  provider: RoleProvider;
  runner: CommandRunner;
  allowDirty: boolean;
  onStage?: (name: string) => void;
  /** --verbose: every event as it is logged. */
  onEvent?: (stage: string, event: string, data?: Record<string, unknown>) => void;
  askApproval?: (role: string) => Promise<boolean>;
}

export async function runSession(deps: SessionDeps, input: RunInput): Promise<RunReport> {
  const { workTree } = deps;
  const { task, config } = input;
  // A stale lock explains everything else that looks wrong (dirty files above all): report it first.
  await refuseIfLocked(workTree);
  await checkPreconditions({
    repoRoot: workTree,
    allowedGlobs: task.allowedFiles,
    allowDirty: deps.allowDirty,
  });
  await ensureLeashExcluded(workTree);
  const startedAt = new Date().toISOString();
  const lock = await acquireLock(workTree, { runId: input.runId, pid: process.pid, startedAt });
  const stateRoot = deps.stateRoot ?? workTree;
  const dir = runDir(stateRoot, input.runId);
  mkdirSync(dir, { recursive: true });
  const events = createEventLog(dir, input.runId);
  let keepForRecovery = false;
  try {
    const state = await RunStateStore.create(dir, {
      runId: input.runId,
      taskId: task.id,
      taskFile: task.file,
    });
    const checkpointStarted = Date.now();
    const checkpoint = await createCheckpoint(workTree, input.runId);
    const checkpointMs = Date.now() - checkpointStarted;
    await state.update({ checkpoint });
    events.emit("checkpoint", "created", { ref: checkpoint.ref, commit: checkpoint.commit });
    const ports: EnginePorts = {
      provider: deps.provider,
      budget: createBudgetPort(config, task, deps.ledger, { provider: deps.provider.name, pid: process.pid }),
      workspace: createWorkspace({
        repoRoot: workTree,
        checkpoint,
        state,
        tag: input.runId,
        forbiddenGlobs: task.forbiddenPaths,
        policy: {
          allowedGlobs: task.allowedFiles,
          forbiddenGlobs: task.forbiddenPaths,
          maxPatchBytes: task.limits.maxPatchBytes,
          maxFiles: task.limits.maxFilesPerPatch,
          maxHunks: task.limits.maxHunksPerPatch,
        },
      }),
      runValidators: (names, signal) => runValidators(deps.runner, names, workTree, signal),
      recorder: createRecorder(stateRoot, dir, events, state, deps.onStage, deps.onEvent),
      askApproval: deps.askApproval,
      now: () => Date.now(),
      sleep: (ms, signal) => sleep(ms, signal),
    };
    const report = await runTask(ports, input);
    // The tree could not be restored: keep the lock and a running state so `leash recover` acts.
    keepForRecovery = report.block?.code === "engine.rollback_failed";
    const withCheckpoint: RunReport = {
      ...report,
      stages: [{ name: "checkpoint", durationMs: checkpointMs }, ...report.stages],
      checkpoint: { ref: checkpoint.ref, commit: checkpoint.commit },
    };
    await writeJsonAtomic(resolve(dir, "report.json"), withCheckpoint);
    await writeJsonAtomic(resolve(dir, "convergence.json"), convergenceFile(withCheckpoint));
    if (!keepForRecovery) await state.finish(stateStatus(report));
    events.emit("report", "written", { status: report.status, exitCode: report.exitCode });
    return withCheckpoint;
  } finally {
    events.close();
    if (!keepForRecovery) await lock.release();
  }
}

function stateStatus(report: RunReport) {
  switch (report.status) {
    case "accepted":
    case "diagnosed":
    case "classified":
      return "accepted" as const;
    case "not_accepted":
      return "not_accepted" as const;
    case "blocked":
      return "blocked" as const;
    case "escalated":
    case "needs_approval":
      return "needs_operator" as const;
    default:
      return "failed" as const;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveSleep) => {
    const timer = setTimeout(resolveSleep, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolveSleep();
    });
  });
}
