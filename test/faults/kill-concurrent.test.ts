import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  addHangingValidator,
  hangingConfig,
  isAlive,
  killAll,
  recordedPids,
  sleep,
  startLeash,
  waitFor,
} from "../helpers/faults.js";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash, runLeashAsync } from "../helpers/leash-cli.js";
import { expectRecovered, processTree, runStates } from "../helpers/run-invariants.js";

/**
 * `leash run --concurrency 4` SIGKILLed with four validators running in four worktrees, then
 * `leash recover`: every worktree, lock, process and reservation of that run is gone.
 */

let repo: TempRepo | undefined;
afterEach(() => {
  if (repo) killAll(recordedPids(repo.root));
  repo?.cleanup();
  repo = undefined;
});

describe("a killed --concurrency 4 run", () => {
  it("is recovered task by task, and a second run works", { timeout: 240_000 }, async () => {
    repo = makeJsProject();
    const pidsDir = join(repo.root, "pids");
    const argv = addHangingValidator(repo, 1500, pidsDir);
    repo.write("leash.yaml", hangingConfig(argv));
    repo.commitAll("hang validator");
    const fix = { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } };
    const tasks = [1, 2, 3, 4].map((i) => writeTask(repo!, `t${i}`, { validators: ["hang"], ...fix }));
    const head = repo.git("rev-parse", "HEAD").trim();
    const before = repo.snapshot();

    const leash = startLeash(repo.root, ["run", "-q", "--concurrency", "4", ...tasks]);
    await waitFor(
      () => recordedPids(repo!.root).length === 8,
      "four validators and their grandchildren",
      150_000,
      leash,
    );
    const procs = processTree(leash.child.pid as number);
    leash.child.kill("SIGKILL");
    await leash.done;
    expect(readdirSync(join(repo.root, ".leash", "worktrees"))).toHaveLength(4);

    const recovered = runLeash(repo.root, ["recover"]);
    expect(recovered.stderr).toBe("");
    expect(recovered.status).toBe(0);
    for (let i = 1; i <= 4; i++)
      expect(recovered.stdout).toMatch(new RegExp(`task t${i} \\(run .*\\): .*removed its worktree`));
    for (const pid of recordedPids(repo.root)) expect(isAlive(pid)).toBe(false);
    // Past the grandchildren's late write: a survivor would have written by now.
    await sleep(1800);
    await expectRecovered(repo, { before, head, procs, ignore: (p) => p.startsWith("pids/") });
    expect(runStates(repo.root).map((s) => s.status)).toEqual(Array(4).fill("recovered"));

    // Concurrent first: the single run leaves its accepted patch in the operator's tree.
    const twice = ["c1", "c2"].map((id) => writeTask(repo!, id, fix));
    const concurrent = runLeash(repo.root, ["run", "-q", "--concurrency", "4", ...twice]);
    expect(concurrent.stderr).toBe("");
    expect(concurrent.status).toBe(0);
    const again = runLeash(repo.root, ["run", "-q", writeTask(repo, "again", fix)]);
    expect(again.status).toBe(0);
    expect(runLeash(repo.root, ["recover"]).stdout).toMatch(/nothing to recover/);
  });
});

// Side by side, each in its own repository: a run kills itself at its point, no timing involved.
describe.concurrent("a --concurrency 4 run SIGKILLed at a named point", () => {
  it.for(["checkpoint:blobs", "apply:written", "validator:started", "stage:report"])(
    "%s: recover leaves nothing of it behind",
    { timeout: 240_000 },
    async (point, { expect, onTestFinished }) => {
      const repo = makeJsProject();
      onTestFinished(() => repo.cleanup());
      const fix = { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } };
      const tasks = [1, 2, 3, 4].map((i) => writeTask(repo, `k${i}`, fix));
      const head = repo.git("rev-parse", "HEAD").trim();
      const before = repo.snapshot();
      const killed = await runLeashAsync(repo.root, ["run", "-q", "--concurrency", "4", ...tasks], {
        LEASH_TEST_HOOKS: "1",
        LEASH_TEST_KILL_AT: point,
      });
      expect({ status: killed.status, stderr: killed.stderr }).toEqual({ status: null, stderr: "" });
      const recovered = await runLeashAsync(repo.root, ["recover"]);
      expect(recovered.stderr).toBe("");
      expect(recovered.status).toBe(0);
      await expectRecovered(repo, { before, head, procs: [] });
      const again = await runLeashAsync(repo.root, ["run", "-q", "--concurrency", "4", ...tasks]);
      expect(again.stderr).toBe("");
      expect(again.status).toBe(0);
    },
  );
});
