import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCheckpoint } from "../../src/git/checkpoint.js";
import { lockPath } from "../../src/git/lock.js";
import { RunStateStore, readRunState, runDir } from "../../src/report/state.js";
import type { TempRepo } from "../helpers/git-repo.js";
import { makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";
import { makeUnwritable, type Unwritable, unwritableSkipReason } from "../helpers/unwritable.js";

/**
 * Issue 15, item 4: a read-only directory must not lock the repository for good. A run whose
 * patch cannot be written ends cleanly; a crashed run whose files cannot be restored makes
 * `leash recover` say what blocks it (exit 2), and `--force` releases the lock once the operator
 * has dealt with it.
 */

const skip = unwritableSkipReason();
if (skip) console.warn(`read-only directory tests skipped: ${skip}`);

let repo: TempRepo | undefined;
let locked: Unwritable | undefined;
afterEach(() => {
  if (locked?.ok) locked.undo();
  locked = undefined;
  repo?.cleanup();
  repo = undefined;
});

const RO_FILE = "ro/value.js";
const ORIGINAL = "export const value = 1;\n";

function roProject(): TempRepo {
  const r = makeJsProject();
  r.write(RO_FILE, ORIGINAL);
  r.commitAll("a file in a directory that will be read-only");
  return r;
}

/** A lock and a running state as a run killed after writing `RO_FILE` leaves them. */
async function crashedRunThatWrote(r: TempRepo): Promise<void> {
  const store = await RunStateStore.create(runDir(r.root, "r-ro"), {
    runId: "r-ro",
    taskId: "t",
    taskFile: "t.yaml",
  });
  await store.update({ checkpoint: await createCheckpoint(r.root, "r-ro"), pathsAtRisk: [RO_FILE] });
  r.write(RO_FILE, "export const value = 2;\n");
  const dead = Number(
    spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout,
  );
  mkdirSync(join(r.root, ".leash"), { recursive: true });
  writeFileSync(lockPath(r.root), JSON.stringify({ runId: "r-ro", pid: dead, startedAt: "t" }));
}

describe.skipIf(skip !== undefined)("a read-only directory", () => {
  it("a patch that cannot be written: the run ends without 70, the tree and lock are clean", () => {
    repo = roProject();
    const before = repo.snapshot();
    const task = writeTask(repo, "ro", {
      allowed_files: [RO_FILE],
      validators: ["unit"],
      intent: "mechanical",
      budget: { max_attempts: 1 },
      fake: { responses: [{ edits: [{ path: RO_FILE, op: "replace", find: "1", replace: "3" }] }] },
    });
    const snapshot = new Map(before);
    snapshot.set(task, repo.read(task));
    locked = makeUnwritable(join(repo.root, "ro"));
    const run = runLeash(repo.root, ["run", "--json", task]);
    expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    const report = JSON.parse(run.stdout) as { attempts: { outcome: string }[] };
    expect(report.attempts.map((a) => a.outcome)).toEqual(["apply_failed"]);
    expect(run.status).toBe(1);
    expect(existsSync(lockPath(repo.root))).toBe(false);
    expect(repo.snapshot()).toEqual(snapshot);
  });

  it("recover names the path that blocks it (exit 2) and keeps the lock; after the fix it recovers", async () => {
    repo = roProject();
    await crashedRunThatWrote(repo);
    locked = makeUnwritable(join(repo.root, "ro"));
    const blocked = runLeash(repo.root, ["recover"]);
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toMatch(/ro\/value\.js \((EACCES|EPERM)\).*\[recover\.blocked\]/);
    expect(blocked.stderr).toMatch(/hint: .*leash recover --force/);
    expect(blocked.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(existsSync(lockPath(repo.root))).toBe(true);
    expect(runLeash(repo.root, ["run", "-q", "tasks/none.yaml"]).status).toBe(2);

    if (locked.ok) locked.undo();
    locked = undefined;
    const fixed = runLeash(repo.root, ["recover"]);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toMatch(/recovered run r-ro: restored 1/);
    expect(repo.read(RO_FILE).toString()).toBe(ORIGINAL);
    expect(existsSync(lockPath(repo.root))).toBe(false);
  });

  it("recover --force releases the lock when the operator restored the path another way", async () => {
    repo = roProject();
    await crashedRunThatWrote(repo);
    locked = makeUnwritable(join(repo.root, "ro"));
    expect(runLeash(repo.root, ["recover"]).status).toBe(2);
    const forced = runLeash(repo.root, ["recover", "--force"]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/released the lock of run r-ro \(--force\)/);
    expect(forced.stderr).toMatch(/not verified: ro\/value\.js \((EACCES|EPERM)\)/);
    expect(existsSync(lockPath(repo.root))).toBe(false);
    expect((await readRunState(runDir(repo.root, "r-ro")))?.status).toBe("recovered");
    expect(runLeash(repo.root, ["recover"]).stdout).toMatch(/nothing to recover/);
  });
});

describe("recover --force without a blocked rollback", () => {
  it("does a normal, verified recovery when nothing blocks it", async () => {
    repo = roProject();
    await crashedRunThatWrote(repo);
    const result = runLeash(repo.root, ["recover", "--force"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/recovered run r-ro: restored 1/);
    expect(repo.read(RO_FILE).toString()).toBe(ORIGINAL);
  });

  it("a missing checkpoint is exit 2 with the way out, and --force takes it", async () => {
    repo = roProject();
    await crashedRunThatWrote(repo);
    const store = await RunStateStore.open(runDir(repo.root, "r-ro"));
    const checkpoint = store?.current.checkpoint;
    if (!store || !checkpoint) throw new Error("no checkpoint");
    await store.update({ checkpoint: { ...checkpoint, tree: "0".repeat(40) } });
    const plain = runLeash(repo.root, ["recover"]);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/\[recover\.checkpoint_missing\][\s\S]*leash recover --force/);
    const forced = runLeash(repo.root, ["recover", "--force"]);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/not verified: ro\/value\.js \(checkpoint gone\)/);
    expect(existsSync(lockPath(repo.root))).toBe(false);
  });
});
