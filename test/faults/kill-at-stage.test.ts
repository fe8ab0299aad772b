import { describe, it } from "vitest";
import {
  ADD_BUGGY,
  ADD_FIXED,
  addReturning,
  diffFor,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runLeashAsync } from "../helpers/leash-cli.js";
import { expectRecovered, runStates } from "../helpers/run-invariants.js";

/**
 * SIGKILL at every named point of a run (src/exec/kill-point.ts), then `leash recover`: the
 * invariants of a recovered repository hold at each, and a second run works. The run is one
 * that passes through every stage: attempt 1 fails its test and is rolled back, attempt 2 lands.
 * The points run side by side, each in its own repository: a run kills itself when it reaches its
 * point (no timing involved), and most of a test's time is spent waiting on its child processes.
 */

const POINTS = [
  "stage:checkpoint",
  "checkpoint:blobs",
  "stage:baseline",
  "stage:classify",
  "stage:route",
  "stage:attempt 1: context",
  "stage:attempt 1: call",
  "call:reserved",
  "stage:attempt 1: patch",
  "stage:attempt 1: apply",
  "apply:written",
  "stage:attempt 1: validate",
  "validator:started",
  "stage:attempt 1: rollback",
  "rollback:writing",
  "stage:attempt 2: apply",
  "stage:deliver",
  "stage:report",
];

describe.concurrent("SIGKILL at a named point, then leash recover", () => {
  it.for(POINTS)("%s", { timeout: 120_000 }, async (point, { expect, onTestFinished }) => {
    const repo = makeJsProject();
    onTestFinished(() => repo.cleanup());
    const task = writeTask(repo, "fix", {
      fake: {
        responses: [
          { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) },
          { unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) },
        ],
      },
    });
    // The run after recovery only has to show the repository is usable again: one attempt does.
    const next = writeTask(repo, "next", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();
    const head = repo.git("rev-parse", "HEAD").trim();

    const killed = await runLeashAsync(repo.root, ["run", "-q", task], {
      LEASH_TEST_HOOKS: "1",
      LEASH_TEST_KILL_AT: point,
    });
    // The point was reached: a run that finished on its own would prove nothing.
    expect({ status: killed.status, stderr: killed.stderr }).toEqual({ status: null, stderr: "" });

    const recovered = await runLeashAsync(repo.root, ["recover"]);
    expect(recovered.stderr).toBe("");
    expect(recovered.status).toBe(0);
    await expectRecovered(repo, { before, head, procs: [] });
    expect(runStates(repo.root).map((s) => s.status)).toEqual(["recovered"]);

    const again = await runLeashAsync(repo.root, ["run", "-q", next]);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);
  });
});
