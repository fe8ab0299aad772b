import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  addHangingValidator,
  hangingConfig,
  isAlive,
  killAll,
  recordedPids,
  startLeash,
  waitFor,
} from "../helpers/faults.js";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";

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

// Opt-in until it has been seen green on an unloaded machine: LEASH_FAULT_CONCURRENT=1.
describe.skipIf(!process.env.LEASH_FAULT_CONCURRENT)("a killed --concurrency 4 run", () => {
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
    );
    leash.child.kill("SIGKILL");
    await leash.done;
    expect(readdirSync(join(repo.root, ".leash", "worktrees"))).toHaveLength(4);

    const recovered = runLeash(repo.root, ["recover"]);
    expect(recovered.stderr).toBe("");
    expect(recovered.status).toBe(0);
    for (let i = 1; i <= 4; i++)
      expect(recovered.stdout).toMatch(new RegExp(`task t${i} \\(run .*\\): .*removed its worktree`));
    for (const pid of recordedPids(repo.root)) expect(isAlive(pid)).toBe(false);
    expect(readdirSync(join(repo.root, ".leash", "worktrees"))).toEqual([]);
    expect(repo.git("worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(existsSync(join(repo.root, ".leash", "lock"))).toBe(false);
    expect((await ledgerRows(repo.root)).filter((r) => r.status === "reserved")).toEqual([]);
    const after = repo.snapshot();
    for (const name of [...after.keys()]) if (name.startsWith("pids/")) after.delete(name);
    expect(after).toEqual(before);
    expect(repo.git("rev-parse", "HEAD").trim()).toBe(head);

    const again = runLeash(repo.root, ["run", "-q", writeTask(repo, "again", fix)]);
    expect(again.status).toBe(0);
    expect(runLeash(repo.root, ["recover"]).stdout).toMatch(/nothing to recover/);
  });
});
