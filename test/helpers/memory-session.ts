import type { Checkpoint } from "../../src/contract/checkpoint.js";
import type { BaselineResult } from "../../src/engine/baseline.js";
import type { FinalRunStatus, SessionPorts } from "../../src/engine/session.js";
import type { RunStop } from "../../src/report/run-state.js";
import type { SecretScanner } from "../../src/secrets/index.js";
import type { MemoryEngine } from "./memory-engine.js";

/**
 * SessionPorts over an in-memory engine: every step (preconditions, lock, run files, checkpoint,
 * reports, finish, unlock) is logged in order, the reports kept as written, the baseline cache a Map.
 */

export interface MemorySession {
  ports: SessionPorts;
  /** What the session did, in order: "preconditions", "lock", "open", …, "unlock". */
  log: string[];
  reports: Map<string, unknown>;
  state: { checkpoint?: Checkpoint; status?: FinalRunStatus; stoppedBy?: RunStop };
  lock: { held: boolean };
  cache: Map<string, BaselineResult>;
}

export function memorySession(
  engine: MemoryEngine,
  options: { preconditions?: Error; warnings?: string[]; secrets?: SecretScanner } = {},
): MemorySession {
  const log: string[] = [];
  const reports = new Map<string, unknown>();
  const state: MemorySession["state"] = {};
  const lock = { held: false };
  const cache = new Map<string, BaselineResult>();
  const { workspace, validators } = engine;
  const ports: SessionPorts = {
    async checkPreconditions() {
      log.push("preconditions");
      if (options.preconditions) throw options.preconditions;
    },
    async acquireLock() {
      log.push("lock");
      lock.held = true;
      return {
        async release() {
          log.push("unlock");
          lock.held = false;
        },
      };
    },
    async openRunFiles() {
      log.push("open");
      return {
        recorder: engine.recorder,
        async setCheckpoint(checkpoint) {
          log.push("state: checkpoint");
          state.checkpoint = checkpoint;
        },
        async writeReport(name, value) {
          log.push(`write ${name}`);
          reports.set(name, structuredClone(value));
        },
        async finish(status, stoppedBy) {
          log.push(`finish ${status}`);
          state.status = status;
          if (stoppedBy) state.stoppedBy = stoppedBy;
        },
        close: () => void log.push("close"),
      };
    },
    async createCheckpoint(runId) {
      log.push("checkpoint");
      return {
        ref: `refs/leash/checkpoints/${runId}`,
        commit: "a".repeat(40),
        tree: "b".repeat(40),
        createdAt: new Date(engine.ports.now()).toISOString(),
      };
    },
    enginePorts({ recorder }) {
      log.push("engine");
      return { ...engine.ports, recorder, ...(options.secrets ? { secrets: options.secrets } : {}) };
    },
    baselinePorts: () => ({
      runValidators: validators.run,
      changedSinceCheckpoint: async () => workspace.changed(),
      restore: (paths) => workspace.rollback(paths),
      cache: {
        get: async (name) => cache.get(name),
        put: async (name, result) => void cache.set(name, result),
      },
      now: engine.ports.now,
    }),
    now: engine.ports.now,
    ...(options.warnings ? { warnings: async () => options.warnings ?? [] } : {}),
  };
  return { ports, log, reports, state, lock, cache };
}
