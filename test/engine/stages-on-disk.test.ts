import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  addReturning,
  diffFor,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runLeashAsync } from "../helpers/leash-cli.js";
import { stagesAcceptedOnAttempt } from "../helpers/run-stages.js";

/**
 * SPEC §1/§3: every stage reaches state.json while the run is going, and events.jsonl holds a
 * start and an end (with its duration) for each. Watched from outside, as an operator would.
 */

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

describe("stages on disk", () => {
  it("state.json follows every stage in order and events.jsonl opens and closes each", async () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      budget: { max_attempts: 2 },
      fake: {
        responses: [
          { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) },
          { unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) },
        ],
      },
    });
    const runs = join(repo.root, ".leash", "runs");
    const seen: string[] = [];
    const poll = setInterval(() => {
      if (!existsSync(runs)) return;
      for (const id of readdirSync(runs)) {
        const stage = readJson(join(runs, id, "state.json"))?.stage;
        if (typeof stage === "string" && seen.at(-1) !== stage) seen.push(stage);
      }
    }, 2);
    const result = await runLeashAsync(repo.root, ["run", task]);
    clearInterval(poll);
    expect(result.status).toBe(0);

    const [runId] = readdirSync(runs);
    const state = readJson(join(runs, runId!, "state.json")) as {
      status: string;
      stages: { name: string; startedAt: string; durationMs?: number }[];
    };
    const names = state.stages.map((s) => s.name);
    expect(names).toEqual(["start", ...stagesAcceptedOnAttempt(2)]);
    expect(state.status).toBe("accepted");
    for (const s of state.stages) {
      expect(Date.parse(s.startedAt)).not.toBeNaN();
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
    }
    // What the poller saw is the same list, in the same order (it may miss the short ones).
    expect(seen.length).toBeGreaterThan(2);
    let at = 0;
    for (const stage of seen) {
      at = names.indexOf(stage, at);
      expect(at, `${stage} out of order in ${seen.join(", ")}`).toBeGreaterThanOrEqual(0);
    }

    const events = readFileSync(join(runs, runId!, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { stage: string; event: string; data: { durationMs?: number } });
    for (const name of names.slice(1)) {
      const starts = events.filter((e) => e.stage === name && e.event === "start");
      const ends = events.filter((e) => e.stage === name && e.event === "end");
      expect(starts, name).toHaveLength(1);
      expect(ends, name).toHaveLength(1);
      expect(ends[0]!.data.durationMs).toBeGreaterThanOrEqual(0);
      expect(events.indexOf(starts[0]!)).toBeLessThan(events.indexOf(ends[0]!));
    }
  });
});
