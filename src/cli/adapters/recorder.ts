import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { RunRecorder } from "../../engine/ports.js";
import type { EventLog } from "../../report/events.js";
import type { RunStateStore } from "../../report/state.js";

/**
 * Where a run leaves its traces: events.jsonl, state.json at every stage, and the attempt
 * artifacts (prompt, raw response, patch, validator output) under the run's directory.
 */
export function createRecorder(
  repoRoot: string,
  runDirPath: string,
  events: EventLog,
  state: RunStateStore,
  onStage?: (name: string) => void,
  onEvent?: (stage: string, event: string, data?: Record<string, unknown>) => void,
): RunRecorder {
  return {
    emit(stage, event, data) {
      events.emit(stage, event, data);
      onEvent?.(stage, event, data);
    },
    stage(name) {
      events.emit(name, "start");
      void state.enterStage(name);
      onStage?.(name);
    },
    writeArtifact(relativePath, content) {
      const full = join(runDirPath, relativePath);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return relative(repoRoot, full);
    },
  };
}
