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
import { runLeash } from "../helpers/leash-cli.js";
import { expectRecovered, runStates } from "../helpers/run-invariants.js";

/**
 * SIGKILL at every named point of a run (src/exec/kill-point.ts), then `leash recover`: the
 * invariants of a recovered repository hold at each, and a second run works. The run is one
 * that passes through every stage: attempt 1 fails its test and is rolled back, attempt 2 lands.
 */

const POINTS = [
  "stage:checkpoint",
  "checkpoint:index",
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

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe("SIGKILL at a named point, then leash recover", () => {
  it.each(POINTS)("%s", { timeout: 120_000 }, async (point) => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      fake: {
        responses: [
          { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) },
          { unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) },
        ],
      },
    });
    const before = repo.snapshot();
    const head = repo.git("rev-parse", "HEAD").trim();

    const killed = runLeash(repo.root, ["run", "-q", task], {
      LEASH_TEST_HOOKS: "1",
      LEASH_TEST_KILL_AT: point,
    });
    // The point was reached: a run that finished on its own would prove nothing.
    expect({ status: killed.status, stderr: killed.stderr }).toEqual({ status: null, stderr: "" });

    const recovered = runLeash(repo.root, ["recover"]);
    expect(recovered.stderr).toBe("");
    expect(recovered.status).toBe(0);
    await expectRecovered(repo, { before, head, procs: [] });
    expect(runStates(repo.root).map((s) => s.status)).toEqual(["recovered"]);

    const again = runLeash(repo.root, ["run", "-q", task]);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);
  });
});
