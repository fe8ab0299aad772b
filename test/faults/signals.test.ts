import { existsSync } from "node:fs";
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

/** SIGTERM and SIGHUP mean "stop" exactly like Ctrl-C: roll back, release, exit 1, nothing left running. */

let repo: TempRepo | undefined;
afterEach(() => {
  if (repo) killAll(recordedPids(repo.root));
  repo?.cleanup();
  repo = undefined;
});

describe.each(["SIGTERM", "SIGHUP"] as const)("%s during a validator", (signal) => {
  it("rolls back, releases the lock, exits 1 and leaves no child alive", async () => {
    repo = makeJsProject();
    const argv = addHangingValidator(repo, 1500);
    repo.write("leash.yaml", hangingConfig(argv));
    repo.commitAll("hang validator");
    const task = writeTask(repo, "fix", {
      validators: ["hang"],
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();
    const leash = startLeash(repo.root, ["run", "-q", task]);
    await waitFor(
      () => recordedPids(repo!.root).length === 2,
      "the validator and its grandchild",
      30_000,
      leash,
    );
    leash.child.kill(signal);
    const result = await leash.done;
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.status).toBe(1);
    const pids = recordedPids(repo.root);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    // Longer than the grandchild's delay: a survivor would have written src/add.js by now.
    await sleep(1800);
    const after = repo.snapshot();
    for (const pid of pids) after.delete(`pids/${pid}`);
    expect(after).toEqual(before);
    expect(existsSync(join(repo.root, ".leash", "lock"))).toBe(false);
  });
});
