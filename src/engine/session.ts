import type { Checkpoint } from "../contract/checkpoint.js";
import type { RunReport } from "../report/report-types.js";
import { convergenceFile } from "./judge.js";
import type { EnginePorts, RunRecorder } from "./ports.js";
import type { RunInput } from "./run-input.js";
import { runTask } from "./run-task.js";

/**
 * One task run against a working tree, as a unit: preconditions → lock → checkpoint → the task
 * → report, convergence and state → unlock. Everything it touches comes in through these ports;
 * cli/wire.ts builds the real ones, tests pass fakes.
 */

export type FinalRunStatus = "accepted" | "not_accepted" | "blocked" | "needs_operator" | "failed";

/** The run's directory: state.json, events.jsonl and the reports, opened once the lock is held. */
export interface RunFiles {
  recorder: RunRecorder;
  setCheckpoint(checkpoint: Checkpoint): Promise<void>;
  writeReport(name: "report.json" | "convergence.json", value: unknown): Promise<void>;
  /** Sets the final status in state.json and closes the open stage. */
  finish(status: FinalRunStatus): Promise<void>;
  /** Closes the event log; called whatever happened. */
  close(): void;
}

export interface SessionPorts {
  /** Throws (with the precondition's own code) when the tree is locked, not a repo, or dirty. */
  checkPreconditions(): Promise<void>;
  acquireLock(info: { runId: string; startedAt: string }): Promise<{ release(): Promise<void> }>;
  openRunFiles(runId: string): Promise<RunFiles>;
  createCheckpoint(runId: string): Promise<Checkpoint>;
  /** The engine's ports for this run, built once the checkpoint exists. */
  enginePorts(run: { checkpoint: Checkpoint; recorder: RunRecorder }): EnginePorts;
  now(): number;
}

export async function runSession(ports: SessionPorts, input: RunInput): Promise<RunReport> {
  await ports.checkPreconditions();
  const startedAt = new Date(ports.now()).toISOString();
  const lock = await ports.acquireLock({ runId: input.runId, startedAt });
  let keepForRecovery = false;
  let files: RunFiles | undefined;
  try {
    files = await ports.openRunFiles(input.runId);
    const { recorder } = files;
    recorder.stage("checkpoint");
    const checkpointStarted = ports.now();
    const checkpoint = await ports.createCheckpoint(input.runId);
    const checkpointMs = Math.round(ports.now() - checkpointStarted);
    await files.setCheckpoint(checkpoint);
    recorder.emit("checkpoint", "created", { ref: checkpoint.ref, commit: checkpoint.commit });

    const report = await runTask(ports.enginePorts({ checkpoint, recorder }), input);
    // The tree could not be restored: keep the lock and a running state so `leash recover` acts.
    keepForRecovery = report.block?.code === "engine.rollback_failed";
    recorder.stage("report");
    const full: RunReport = {
      ...report,
      stages: [{ name: "checkpoint", durationMs: checkpointMs }, ...report.stages],
      checkpoint: { ref: checkpoint.ref, commit: checkpoint.commit },
    };
    await files.writeReport("report.json", full);
    await files.writeReport("convergence.json", convergenceFile(full));
    recorder.emit("report", "written", { status: report.status, exitCode: report.exitCode });
    if (!keepForRecovery) await files.finish(finalStatus(report));
    else recorder.endStage();
    return full;
  } finally {
    files?.close();
    if (!keepForRecovery) await lock.release();
  }
}

export function finalStatus(report: RunReport): FinalRunStatus {
  switch (report.status) {
    case "accepted":
    case "diagnosed":
    case "classified":
      return "accepted";
    case "not_accepted":
      return "not_accepted";
    case "blocked":
      return "blocked";
    case "escalated":
    case "needs_approval":
      return "needs_operator";
    default:
      return "failed";
  }
}
