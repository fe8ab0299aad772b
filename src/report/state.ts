import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { OwnedProcess } from "../exec/owned-process.js";
import { writeJsonAtomic } from "./atomic-write.js";
import { parseCheckedJson } from "./checked-json.js";
import type { RunState, RunStatus, RunStop, StageRecord } from "./run-state.js";
import { runStateSchema } from "./state-schema.js";

export type { RunState, RunStatus, StageRecord } from "./run-state.js";

export type RunStatePatch = Partial<
  Pick<RunState, "status" | "checkpoint" | "pathsAtRisk" | "children" | "stoppedBy">
>;

export function runDir(repoRoot: string, runId: string): string {
  return join(repoRoot, ".leash", "runs", runId);
}

export function statePath(runDirPath: string): string {
  return join(runDirPath, "state.json");
}

/**
 * The run's state, checked against its schema; undefined when there is none. A damaged file is
 * an InputError (exit 2) naming the file and the field: `recover` and `undo` must not guess.
 */
export async function readRunState(runDirPath: string): Promise<RunState | undefined> {
  const path = statePath(runDirPath);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const checked = parseCheckedJson(text, runStateSchema, {
    file: displayLeashPath(path),
    what: "run state",
    code: "state.damaged",
    hint: "Leash writes this file atomically, so something else changed it: restore it from a backup, or delete it and `leash recover` clears the lock without restoring files (check `git status` first)",
  });
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/** `.leash/runs/<id>/state.json` rather than an absolute path, when it is under a `.leash`. */
function displayLeashPath(path: string): string {
  const at = path.lastIndexOf("/.leash/");
  return at < 0 ? path : relative(path.slice(0, at), path);
}

/**
 * Holds the state in memory and rewrites the whole file atomically on every change, so a crash
 * leaves the last complete state behind. Calls are serialized: each write waits for the previous.
 */
export class RunStateStore {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private state: RunState,
    private readonly now: () => Date,
  ) {}

  static async create(
    runDirPath: string,
    init: { runId: string; taskId: string; taskFile: string; pid?: number; stage?: string },
    now: () => Date = () => new Date(),
  ): Promise<RunStateStore> {
    const t = now().toISOString();
    const stage = init.stage ?? "start";
    const store = new RunStateStore(
      statePath(runDirPath),
      {
        runId: init.runId,
        taskId: init.taskId,
        taskFile: init.taskFile,
        status: "running",
        stage,
        pid: init.pid ?? process.pid,
        startedAt: t,
        updatedAt: t,
        pathsAtRisk: [],
        stages: [{ name: stage, startedAt: t }],
      },
      now,
    );
    await store.flush();
    return store;
  }

  static async open(
    runDirPath: string,
    now: () => Date = () => new Date(),
  ): Promise<RunStateStore | undefined> {
    const state = await readRunState(runDirPath);
    return state ? new RunStateStore(statePath(runDirPath), state, now) : undefined;
  }

  get current(): Readonly<RunState> {
    return this.state;
  }

  /** Closes the current stage (end time, duration) and opens `name`. */
  enterStage(name: string, patch: RunStatePatch = {}): Promise<void> {
    const t = this.now();
    const stages = this.state.stages.map((s, i, all) =>
      i === all.length - 1 && !s.endedAt ? closeStage(s, t) : s,
    );
    stages.push({ name, startedAt: t.toISOString() });
    return this.update({ ...patch, stage: name, stages });
  }

  /** Adds paths to pathsAtRisk; call it BEFORE writing them so a crash mid-write is covered. */
  addPathsAtRisk(paths: string[]): Promise<void> {
    return this.update({ pathsAtRisk: [...new Set([...this.state.pathsAtRisk, ...paths])].sort() });
  }

  /** Records a started process group; written as soon as its pid is known. */
  addChild(owned: OwnedProcess): Promise<void> {
    return this.update({ children: [...(this.state.children ?? []), owned] });
  }

  removeChild(owned: OwnedProcess): Promise<void> {
    return this.update({ children: (this.state.children ?? []).filter((c) => c.pgid !== owned.pgid) });
  }

  /** Sets a final status and closes the open stage; `stoppedBy` says why there is no report. */
  finish(status: RunStatus, stoppedBy?: RunStop): Promise<void> {
    const t = this.now();
    const stages = this.state.stages.map((s) => (s.endedAt ? s : closeStage(s, t)));
    return this.update({ status, stages, ...(stoppedBy ? { stoppedBy } : {}) });
  }

  update(patch: RunStatePatch & Partial<Pick<RunState, "stage" | "stages">>): Promise<void> {
    this.state = { ...this.state, ...patch, updatedAt: this.now().toISOString() };
    return this.flush();
  }

  private flush(): Promise<void> {
    const snapshot = this.state;
    // A failed write is reported to its caller only; the next update still gets its chance.
    this.chain = this.chain.catch(() => undefined).then(() => writeJsonAtomic(this.path, snapshot));
    return this.chain;
  }
}

function closeStage(stage: StageRecord, at: Date): StageRecord {
  return { ...stage, endedAt: at.toISOString(), durationMs: at.getTime() - Date.parse(stage.startedAt) };
}
