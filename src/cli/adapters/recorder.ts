import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { RunRecorder } from "../../engine/ports.js";
import { killPoint } from "../../exec/kill-point.js";
import type { EventLog } from "../../report/events.js";
import type { RunStateStore } from "../../report/state.js";
import { redactDeep, type SecretScanner } from "../../secrets/index.js";

export interface RecorderHooks {
  /** The progress display: told of every stage as it opens. */
  onStage?: (name: string) => void;
  /** --verbose: every event as it is logged. */
  onEvent?: (stage: string, event: string, data?: Record<string, unknown>) => void;
}

/**
 * Where a run leaves its traces: events.jsonl (every event, and a start and an end with its
 * duration for every stage), state.json rewritten at every stage, and the attempt artifacts
 * (prompt, raw response, patch, validator output) under the run's directory.
 * Everything written passes the scanner's synchronous pass: a value the full scan found once
 * (in a prompt or a validator's output) is replaced wherever it turns up again.
 */
/** A failed write(2) names no file; the operator needs to know which one filled the disk. */
export function withPath(error: unknown, path: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e === "object" && typeof e.code === "string" && e.path === undefined) e.path = path;
  return error;
}

export function createRecorder(
  repoRoot: string,
  runDirPath: string,
  events: EventLog,
  state: RunStateStore,
  hooks: RecorderHooks = {},
  now: () => number = Date.now,
  secrets?: SecretScanner,
): RunRecorder {
  const clean = (text: string) => (secrets ? secrets.redactKnown(text) : text);
  let open: { name: string; startedMs: number } | undefined;
  const emit = (stage: string, event: string, raw?: Record<string, unknown>) => {
    const data = raw && redactDeep(raw, clean);
    events.emit(stage, event, data);
    hooks.onEvent?.(stage, event, data);
  };
  const endStage = () => {
    if (!open) return;
    emit(open.name, "end", { durationMs: Math.round(now() - open.startedMs) });
    open = undefined;
  };
  return {
    emit,
    stage(name) {
      endStage();
      open = { name, startedMs: now() };
      emit(name, "start");
      // Writes are serialized by the store; a failed one is logged, and the next still tries.
      state.enterStage(name).catch((error: unknown) => {
        emit("state", "write_failed", { stage: name, error: String(error) });
      });
      hooks.onStage?.(name);
      killPoint(`stage:${name}`);
    },
    endStage,
    writeArtifact(relativePath, content) {
      const full = join(runDirPath, relativePath);
      try {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, typeof content === "string" ? clean(content) : content);
      } catch (error) {
        throw withPath(error, full);
      }
      return relative(repoRoot, full);
    },
  };
}
