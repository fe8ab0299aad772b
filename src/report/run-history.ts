import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import type { RunReport } from "./report-types.js";
import type { RunState } from "./state.js";

/** Runs recorded under .leash/runs: the report when the run finished, else its last state. */
export interface RunEntry {
  runId: string;
  dir: string;
  report?: RunReport;
  state?: RunState;
}

export function runsRoot(repoRoot: string): string {
  return join(repoRoot, ".leash", "runs");
}

export function listRuns(repoRoot: string): RunEntry[] {
  const root = runsRoot(repoRoot);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((runId) => {
      const dir = join(root, runId);
      return {
        runId,
        dir,
        report: readJson<RunReport>(join(dir, "report.json")),
        state: readJson<RunState>(join(dir, "state.json")),
      };
    });
}

/** What a run stands at now: an accepted run that `leash undo` took back out reads "undone". */
export function currentStatus(entry: RunEntry): string {
  if (entry.state?.status === "undone") return "undone";
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

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}
