import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { RunFiles } from "../../engine/session.js";
import { writeJsonAtomic } from "../../report/atomic-write.js";
import { createEventLog } from "../../report/events.js";
import { RunStateStore, runDir } from "../../report/state.js";
import type { SecretScanner } from "../../secrets/index.js";
import { createRecorder, type RecorderHooks } from "./recorder.js";

export interface RunFilesOptions {
  /** Where .leash/runs/<id> lives. */
  stateRoot: string;
  runId: string;
  task: { id: string; file: string };
  hooks?: RecorderHooks;
  secrets?: SecretScanner;
  now?: () => number;
}

/** A run's directory on disk: state.json, events.jsonl, the recorder over both, and the reports. */
export async function openRunFiles(options: RunFilesOptions): Promise<RunFiles & { state: RunStateStore }> {
  const { stateRoot, runId, task } = options;
  const dir = runDir(stateRoot, runId);
  mkdirSync(dir, { recursive: true });
  const events = createEventLog(dir, runId);
  const state = await RunStateStore.create(dir, { runId, taskId: task.id, taskFile: task.file });
  const now = options.now ?? Date.now;
  const recorder = createRecorder(stateRoot, dir, events, state, options.hooks, now, options.secrets);
  return {
    state,
    recorder,
    setCheckpoint: (checkpoint) => state.update({ checkpoint }),
    writeReport: (name, value) => writeJsonAtomic(resolve(dir, name), value),
    async finish(status, stoppedBy) {
      // In the stage it stopped in, so the event log says where as well as why.
      if (stoppedBy)
        recorder.emit(state.current.stage, "stopped", { code: stoppedBy.code, exitCode: stoppedBy.exitCode });
      recorder.endStage();
      await state.finish(status, stoppedBy);
    },
    close: () => events.close(),
  };
}
