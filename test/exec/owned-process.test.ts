import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { describeOwned, endOwnedGroup, ownedGroupAlive, readProcStat } from "../../src/exec/owned-process.js";
import { isAlive, killAll, waitFor } from "../helpers/faults.js";

const started: number[] = [];
afterEach(() => killAll(started.splice(0)));

/** A detached node that starts one grandchild in its group and prints both pids. */
function startGroup(): Promise<{ leader: number; grandchild: number }> {
  const script =
    'const c = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); console.log(process.pid + " " + c.pid); setInterval(() => {}, 1000);';
  const child = spawn(process.execPath, ["-e", script], {
    detached: true,
    stdio: ["ignore", "pipe", "ignore"],
  });
  child.unref();
  return new Promise((resolve) => {
    child.stdout.once("data", (b: Buffer) => {
      const [leader, grandchild] = b.toString().trim().split(" ").map(Number) as [number, number];
      started.push(leader, grandchild);
      resolve({ leader, grandchild });
    });
  });
}

describe("owned process groups", () => {
  it("reads the start time and group of a process from /proc", () => {
    const stat = readProcStat(process.pid);
    expect(stat?.startTicks).toBeGreaterThan(0);
    expect(stat?.state).not.toBe("Z");
  });

  it("ends the whole group, grandchildren included", async () => {
    const { leader, grandchild } = await startGroup();
    const owned = describeOwned(leader, "unit");
    expect(ownedGroupAlive(owned)).toBe(true);
    expect(await endOwnedGroup(owned, 200)).toBe("ended");
    expect(isAlive(leader)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect(await endOwnedGroup(owned)).toBe("gone");
  });

  it("never signals a reused pid: a live leader with another start time is not ours", async () => {
    const { leader } = await startGroup();
    const recorded = {
      ...describeOwned(leader, "unit"),
      startTicks: describeOwned(leader, "unit").startTicks - 1,
    };
    expect(ownedGroupAlive(recorded)).toBe(false);
    expect(await endOwnedGroup(recorded, 100)).toBe("gone");
    expect(isAlive(leader)).toBe(true);
  });
});

describe("the parent-death watchdog", () => {
  it("kills the groups it was told about once its parent's pipe closes", async () => {
    // A throwaway parent: it starts a guarded group, reports the pids, then dies by SIGKILL.
    const parentScript = `
      const { createParentDeathGuard } = await import(${JSON.stringify(new URL("../../dist/exec/parent-death-watchdog.js", import.meta.url).href)});
      const { describeOwned } = await import(${JSON.stringify(new URL("../../dist/exec/owned-process.js", import.meta.url).href)});
      const { spawn } = await import("node:child_process");
      const guard = createParentDeathGuard();
      const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { detached: true, stdio: "ignore" });
      guard.watch(describeOwned(g.pid, "unit"));
      console.log(g.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", parentScript], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once("data", (b: Buffer) => resolve(Number(b.toString().trim()))),
    );
    started.push(pid);
    expect(isAlive(pid)).toBe(true);
    parent.kill("SIGKILL");
    await waitFor(() => !isAlive(pid), "the watchdog to end the orphaned group", 10_000);
  });
});
