import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { type CheckedJson, parseCheckedJson } from "./checked-json.js";
import { parseReport } from "./report-schema.js";
import type { RunReport } from "./report-types.js";
import type { RunState } from "./state.js";
import { runStateSchema } from "./state-schema.js";

/** Runs recorded under .leash/runs: the report when the run finished, else its last state. */
export interface RunEntry {
  runId: string;
  dir: string;
  report?: RunReport;
  state?: RunState;
  /** The first of its files that failed its schema: `show` and `undo` stop on it, `runs` lists it. */
  damaged?: InputError;
}

export function runsRoot(repoRoot: string): string {
  return join(repoRoot, ".leash", "runs");
}

export function listRuns(repoRoot: string): RunEntry[] {
  const root = runsRoot(repoRoot);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((runId) => readEntry(runId, join(root, runId)));
}

function readEntry(runId: string, dir: string): RunEntry {
  const at = `.leash/runs/${runId}`;
  const hint = (name: string) =>
    `Leash writes ${name} once and atomically, so something else changed it; restore it, or delete the run's directory ${at} to drop it from the history`;
  const report = readChecked(join(dir, "report.json"), (text) =>
    parseReport(text, { file: `${at}/report.json`, code: "report.damaged", hint: hint("report.json") }),
  );
  const state = readChecked(join(dir, "state.json"), (text) =>
    parseCheckedJson(text, runStateSchema, {
      file: `${at}/state.json`,
      what: "run state",
      code: "state.damaged",
      hint: hint("state.json"),
    }),
  );
  const damaged = [report, state].find((r) => r && !r.ok);
  return {
    runId,
    dir,
    ...(report?.ok ? { report: report.value } : {}),
    ...(state?.ok ? { state: state.value } : {}),
    ...(damaged && !damaged.ok ? { damaged: damaged.error } : {}),
  };
}

/**
 * What a run stands at now: an accepted run that `leash undo` took back out reads "undone"; one
 * that stopped on an error before its report reads as what the error was, with its code.
 */
export function currentStatus(entry: RunEntry): string {
  if (entry.state?.status === "undone") return "undone";
  if (entry.damaged && !entry.report) return "damaged";
  const stop = entry.report ? undefined : entry.state?.stoppedBy;
  if (stop)
    return `${stop.exitCode === 2 ? "refused" : stop.exitCode === 3 ? "blocked" : "failed"} (${stop.code})`;
  return entry.report?.status ?? entry.state?.status ?? "unknown";
}

/**
 * A run by id, unique prefix, or `last` (the newest run; ids sort by time); an unknown or
 * ambiguous id is invalid input.
 */
export function findRun(repoRoot: string, id: string): RunEntry {
  const runs = listRuns(repoRoot);
  if (id === "last") {
    const newest = runs.at(-1);
    if (newest) return newest;
    throw new InputError("run.none", "there are no runs under .leash/runs yet", {
      hint: "`leash run TASK` starts one",
    });
  }
  const exact = runs.find((r) => r.runId === id);
  if (exact) return exact;
  const matches = runs.filter((r) => r.runId.startsWith(id));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new InputError(
      "run.ambiguous",
      `run id ${id} matches ${matches.length} runs: ${matches.map((m) => m.runId).join(", ")}`,
      {
        hint: "give more of the run id",
      },
    );
  }
  throw new InputError("run.unknown", `no run ${id} under .leash/runs`, {
    hint: "`leash runs` lists the run ids",
  });
}

/** Undefined when the file is absent (a run still going has no report yet). */
function readChecked<T>(path: string, parse: (text: string) => CheckedJson<T>): CheckedJson<T> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  return parse(text);
}
