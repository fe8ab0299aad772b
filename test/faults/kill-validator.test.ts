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
import { runLeash } from "../helpers/leash-cli.js";
import { expectRecovered, processTree } from "../helpers/run-invariants.js";

/**
 * The fault of the issue: `leash run` SIGKILLed while its validator runs. The validator's group
 * (a grandchild that writes src/add.js late) must not outlive the run, nor write after recover.
 */

let repo: TempRepo | undefined;
afterEach(() => {
  if (repo) killAll(recordedPids(repo.root));
  repo?.cleanup();
  repo = undefined;
});

describe("SIGKILL during a validator", () => {
  it("leaves no validator alive and no late write after recover", async () => {
    repo = makeJsProject();
    const argv = addHangingValidator(repo, 1500);
    repo.write("leash.yaml", hangingConfig(argv));
    repo.commitAll("hang validator");
    const task = writeTask(repo, "fix", {
      validators: ["hang"],
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();
    const head = repo.git("rev-parse", "HEAD").trim();
    const leash = startLeash(repo.root, ["run", "-q", task]);
    await waitFor(
      () => recordedPids(repo!.root).length === 2,
      "the validator and its grandchild",
      30_000,
      leash,
    );
    const procs = processTree(leash.child.pid as number);
    leash.child.kill("SIGKILL");
    await leash.done;
    const recovered = runLeash(repo.root, ["recover"]);
    expect(recovered.stderr).toBe("");
    expect(recovered.status).toBe(0);
    const pids = recordedPids(repo.root);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await sleep(1800);
    await expectRecovered(repo, { before, head, procs, ignore: (p) => p.startsWith("pids/") });
    const again = runLeash(repo.root, [
      "run",
      "-q",
      writeTask(repo, "again", { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } }),
    ]);
    expect(again.status).toBe(0);
  });
});
