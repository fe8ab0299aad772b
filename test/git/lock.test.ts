import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, lockPath, readLock } from "../../src/git/lock.js";
import { deadPid } from "../helpers/dead-pid.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "leash-lock-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("acquireLock", () => {
  it("creates the lock, refuses a second live holder, and releases only its own lock", async () => {
    const lock = await acquireLock(root, { runId: "run-a", pid: process.pid, startedAt: "t" });
    expect(await readLock(root)).toEqual({ runId: "run-a", pid: process.pid, startedAt: "t" });
    const err = await acquireLock(root, { runId: "run-b", pid: process.pid, startedAt: "t" }).catch((e) => e);
    expect(err).toMatchObject({ code: "lock.busy" });
    expect(err.message).toContain("run-a");
    expect(err.message).toContain(String(process.pid));
    await lock.release();
    expect(existsSync(lockPath(root))).toBe(false);

    const again = await acquireLock(root, { runId: "run-c", pid: process.pid, startedAt: "t" });
    await lock.release();
    expect(existsSync(lockPath(root))).toBe(true);
    await again.release();
  });

  it("reports a lock whose process is dead as stale and points at leash recover", async () => {
    mkdirSync(join(root, ".leash"), { recursive: true });
    writeFileSync(lockPath(root), JSON.stringify({ runId: "old", pid: deadPid(), startedAt: "t" }));
    const err = await acquireLock(root, { runId: "new", pid: process.pid, startedAt: "t" }).catch((e) => e);
    expect(err).toMatchObject({ code: "lock.stale" });
    expect(err.hint).toContain("leash recover");
  });

  it("only one of many concurrent acquirers wins", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        acquireLock(root, { runId: `r${i}`, pid: process.pid, startedAt: "t" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
