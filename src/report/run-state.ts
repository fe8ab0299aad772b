/** The shape of state.json: state.ts writes it, state-schema.ts checks it when read back. */
import type { Checkpoint } from "../contract/checkpoint.js";
import type { OwnedProcess } from "../exec/owned-process.js";

export type RunStatus =
  | "running"
  | "accepted"
  | "not_accepted"
  | "blocked"
  | "needs_operator"
  | "failed"
  | "recovered"
  | "undone";

export interface StageRecord {
  name: string;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
}

/** `.leash/runs/<id>/state.json`: enough on disk, at every stage, for `leash recover` to roll back. */
export interface RunState {
  runId: string;
  taskId: string;
  taskFile: string;
  status: RunStatus;
  stage: string;
  pid: number;
  startedAt: string;
  updatedAt: string;
  checkpoint?: Checkpoint;
  /** Paths the run may have written; recover rolls exactly these back. */
  pathsAtRisk: string[];
  /** Process groups the run started that may still be running; recover ends them first. */
  children?: OwnedProcess[];
  stages: StageRecord[];
  /** Why a run ended without a report: the error it stopped on (mostly a refusal before any call). */
  stoppedBy?: RunStop;
}

export interface RunStop {
  code: string;
  /** The error's first line, as the operator saw it on stderr. */
  message: string;
  exitCode: number;
}
