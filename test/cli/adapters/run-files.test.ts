import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openRunFiles } from "../../../src/cli/adapters/run-files.js";
import { runSession } from "../../../src/engine/session.js";
import { runDir } from "../../../src/report/state.js";
import { ADD_BUGGY, ADD_FIXED, addReturning, diffFor } from "../../helpers/js-project.js";
import { diffAnswer, memoryEngine } from "../../helpers/memory-engine.js";
import { memorySession } from "../../helpers/memory-session.js";
import { stagesAcceptedOnAttempt } from "../../helpers/run-stages.js";

/**
 * The run's files as production opens them (state.json, events.jsonl, the recorder) under a
 * session run in process over the in-memory engine: every stage the engine opens reaches the
 * disk and the progress hook. No git, no child process; only a temporary directory.
 */

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("openRunFiles under a session", () => {
  it("state.json lists every stage in order with its times; events.jsonl opens and closes each; progress hears each", async () => {
    root = mkdtempSync(join(tmpdir(), "leash-run-files-"));
    const stateRoot = root;
    const engine = memoryEngine({
      task: { baseline: "skip", budget: { maxUsd: 0.5, maxAttempts: 2, maxRuntimeS: 900 } },
      script: [
        diffAnswer(diffFor(ADD_BUGGY, addReturning("a * b"))),
        diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED)),
      ],
    });
    const session = memorySession(engine);
    const heard: string[] = [];
    session.ports.openRunFiles = (runId) =>
      openRunFiles({
        stateRoot,
        runId,
        task: engine.input.task,
        hooks: { onStage: (name) => heard.push(name) },
      });
    const report = await runSession(session.ports, engine.input);
    expect(report.status).toBe("accepted");

    const dir = runDir(stateRoot, engine.input.runId);
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as {
      status: string;
      checkpoint?: { ref: string };
      stages: { name: string; startedAt: string; durationMs?: number }[];
    };
    const names = state.stages.map((s) => s.name);
    expect(names).toEqual(["start", ...stagesAcceptedOnAttempt(2)]);
    expect(heard).toEqual(names.slice(1));
    expect(state.status).toBe("accepted");
    expect(state.checkpoint?.ref).toBe("refs/leash/checkpoints/run-1");
    for (const s of state.stages) {
      expect(Date.parse(s.startedAt)).not.toBeNaN();
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
    }

    const events = readFileSync(join(dir, "events.jsonl"), "utf8")
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
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).status).toBe("accepted");
    expect(readFileSync(join(dir, "attempts", "1", "patch.diff"), "utf8")).toContain("+  return a * b;");
  });
});
