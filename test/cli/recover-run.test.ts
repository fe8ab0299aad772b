import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { recoverInterruptedRun } from "../../src/cli/recover-run.js";
import { describeOwned } from "../../src/exec/owned-process.js";
import { createCheckpoint } from "../../src/git/checkpoint.js";
import { lockPath } from "../../src/git/lock.js";
import { RunStateStore, readRunState, runDir } from "../../src/report/state.js";
import { deadPid } from "../helpers/dead-pid.js";
import { isAlive, waitFor } from "../helpers/faults.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function writeLock(root: string, runId: string, pid: number) {
  mkdirSync(join(root, ".leash"), { recursive: true });
  writeFileSync(lockPath(root), JSON.stringify({ runId, pid, startedAt: "t" }));
}

describe("recoverInterruptedRun", () => {
  it("returns nothing without a lock and refuses a live one", async () => {
    const repo = makeTempRepo({ "a.txt": "a\n" });
    repos.push(repo);
    expect(await recoverInterruptedRun(repo.root)).toEqual({ kind: "nothing" });
    writeLock(repo.root, "r", process.pid);
    await expect(recoverInterruptedRun(repo.root)).rejects.toMatchObject({ code: "lock.busy" });
  });

  it("clears a stale lock whose run never took a checkpoint", async () => {
    const repo = makeTempRepo({ "a.txt": "a\n" });
    repos.push(repo);
    await RunStateStore.create(runDir(repo.root, "r0"), { runId: "r0", taskId: "t", taskFile: "t.yaml" });
    writeLock(repo.root, "r0", deadPid());
    expect(await recoverInterruptedRun(repo.root)).toMatchObject({ kind: "cleared", runId: "r0" });
    expect(existsSync(lockPath(repo.root))).toBe(false);
    expect((await readRunState(runDir(repo.root, "r0")))?.status).toBe("recovered");
  });

  it("rolls back only pathsAtRisk, leaving later operator files alone", async () => {
    const repo = makeTempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    repos.push(repo);
    const store = await RunStateStore.create(runDir(repo.root, "r1"), {
      runId: "r1",
      taskId: "t",
      taskFile: "t.yaml",
    });
    await store.update({
      checkpoint: await createCheckpoint(repo.root, "r1"),
      pathsAtRisk: ["a.txt", "c.txt"],
    });
    repo.write("a.txt", "run wrote\n");
    repo.write("c.txt", "run created\n");
    repo.write("b.txt", "operator edit after the crash\n");
    writeLock(repo.root, "r1", deadPid());
    expect(await recoverInterruptedRun(repo.root)).toEqual({
      kind: "recovered",
      runId: "r1",
      restored: ["a.txt"],
      removed: ["c.txt"],
      ended: [],
    });
    expect(repo.read("a.txt").toString()).toBe("a\n");
    expect(repo.read("b.txt").toString()).toBe("operator edit after the crash\n");
    expect(existsSync(join(repo.root, "c.txt"))).toBe(false);
  });

  it("only clears the lock of a run that had already reached a verdict", async () => {
    const repo = makeTempRepo({ "a.txt": "a\n" });
    repos.push(repo);
    const store = await RunStateStore.create(runDir(repo.root, "r2"), {
      runId: "r2",
      taskId: "t",
      taskFile: "t.yaml",
    });
    await store.update({ checkpoint: await createCheckpoint(repo.root, "r2"), pathsAtRisk: ["a.txt"] });
    repo.write("a.txt", "accepted patch\n");
    await store.finish("accepted");
    writeLock(repo.root, "r2", deadPid());
    expect(await recoverInterruptedRun(repo.root)).toMatchObject({ kind: "cleared", runId: "r2" });
    expect(repo.read("a.txt").toString()).toBe("accepted patch\n");
    expect(existsSync(lockPath(repo.root))).toBe(false);
  });
});

describe("recover ends what the crashed run left running", () => {
  it("kills every recorded process group before restoring the files", async () => {
    const repo = makeTempRepo({ "a.txt": "a\n" });
    repos.push(repo);
    const store = await RunStateStore.create(runDir(repo.root, "r9"), {
      runId: "r9",
      taskId: "t",
      taskFile: "t.yaml",
    });
    await store.update({ checkpoint: await createCheckpoint(repo.root, "r9"), pathsAtRisk: ["a.txt"] });
    // A validator that keeps rewriting a.txt: were it alive after the rollback, a.txt would differ.
    const writer = spawn(
      process.execPath,
      ["-e", 'setInterval(() => require("node:fs").writeFileSync("a.txt", "late\\n"), 20)'],
      { cwd: repo.root, detached: true, stdio: "ignore" },
    );
    writer.unref();
    await store.addChild(describeOwned(writer.pid!, "unit"));
    writeLock(repo.root, "r9", deadPid());
    await waitFor(() => repo.read("a.txt").toString() === "late\n", "the writer to start");
    const result = await recoverInterruptedRun(repo.root);
    expect(result).toMatchObject({ kind: "recovered", ended: [`unit (pid ${writer.pid})`] });
    expect(isAlive(writer.pid!)).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(repo.read("a.txt").toString()).toBe("a\n");
    expect((await readRunState(runDir(repo.root, "r9")))?.children).toEqual([]);
  });
});
