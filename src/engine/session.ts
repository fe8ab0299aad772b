import type { Checkpoint } from "../contract/checkpoint.js";
import { isLeashError } from "../errors.js";
import type { RunReport } from "../report/report-types.js";
import type { RunStop } from "../report/run-state.js";
import { redactKnownShapes, scanDeep } from "../secrets/index.js";
import { type BaselinePorts, runBaseline } from "./baseline.js";
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
  /** Sets the final status in state.json and closes the open stage; `stoppedBy` for a run without a report. */
  finish(status: FinalRunStatus, stoppedBy?: RunStop): Promise<void>;
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
  /** What the baseline needs: the validators, the tree against the checkpoint, the cache. */
  baselinePorts(run: { checkpoint: Checkpoint }): BaselinePorts;
  now(): number;
  /** What the report should warn about without stopping the run (validators unsandboxed). */
  warnings?(): Promise<string[]>;
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

    recorder.stage("baseline");
    const baselineStarted = ports.now();
    const baseline = await runBaseline(ports.baselinePorts({ checkpoint }), {
      validators: input.task.validators,
      mode: input.task.baseline,
      ...(input.noBaseline ? { skipReason: "--no-baseline" } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    }).catch(async (error: unknown) => {
      // Stopped before any call: the run is over, not crashed; the catch below says so in state.json.
      recorder.emit("baseline", "refused", { error: error instanceof Error ? error.message : String(error) });
      throw error;
    });
    const baselineMs = Math.round(ports.now() - baselineStarted);
    recorder.emit("baseline", baseline.skipped ? "skipped" : "done", {
      mode: baseline.mode,
      validators: baseline.validators.map((v) => [v.name, v.passed, v.cached]),
    });
    const known = Object.keys(baseline.known).length > 0 ? { knownFailures: baseline.known } : {};

    const engine = ports.enginePorts({ checkpoint, recorder });
    const raw = await runTask(engine, { ...input, ...known });
    // The report quotes validator output, refusal reasons and diagnoses: scanned like a request.
    const { secrets } = engine;
    const report = secrets
      ? await scanDeep(raw, async (texts) => (await secrets.scanMany(texts, "report")).map((r) => r.text))
      : raw;
    // The tree could not be restored: keep the lock and a running state so `leash recover` acts.
    keepForRecovery = report.block?.code === "engine.rollback_failed";
    recorder.stage("report");
    const warnings = (await ports.warnings?.()) ?? [];
    const full: RunReport = {
      ...report,
      stages: [
        { name: "checkpoint", durationMs: checkpointMs },
        { name: "baseline", durationMs: baselineMs },
        ...report.stages,
      ],
      checkpoint: { ref: checkpoint.ref, commit: checkpoint.commit },
      baseline,
      ...(secrets ? { secrets: secrets.summary() } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    await files.writeReport("report.json", full);
    await files.writeReport("convergence.json", convergenceFile(full));
    recorder.emit("report", "written", { status: report.status, exitCode: report.exitCode });
    if (!keepForRecovery) await files.finish(finalStatus(report));
    else recorder.endStage();
    return full;
  } catch (error) {
    // The tree is back at the checkpoint (runTask rolls back before it throws); say the run is over,
    // if the disk still lets us, so its state does not read `running` with no lock to recover.
    if (files && !keepForRecovery) {
      await files.finish("failed", stopOf(error)).catch(() => undefined);
    }
    throw error;
  } finally {
    files?.close();
    if (!keepForRecovery) await lock.release();
  }
}

/** What `leash show` says of a run that ended on an error: its code, first line and exit. */
function stopOf(error: unknown): RunStop {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split("\n", 1)[0] ?? "";
  const message = redactKnownShapes(first.length > 400 ? `${first.slice(0, 400)}…` : first);
  return isLeashError(error)
    ? { code: error.code, message, exitCode: error.exitCode }
    : { code: "internal", message, exitCode: 70 };
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
