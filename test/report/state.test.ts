import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeJsonAtomic } from "../../src/report/atomic-write.js";
import { RunStateStore, readRunState } from "../../src/report/state.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "leash-state-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeJsonAtomic", () => {
  it("replaces the file whole and leaves no temp file behind", async () => {
    const path = join(dir, "sub", "x.json");
    await writeJsonAtomic(path, { a: 1 });
    await writeJsonAtomic(path, { a: 2 });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ a: 2 });
    expect(readdirSync(join(dir, "sub"))).toEqual(["x.json"]);
  });
});

describe("RunStateStore", () => {
  it("records stages with durations, paths at risk and the final status on disk", async () => {
    let t = Date.parse("2026-11-25T10:00:00.000Z");
    const now = () => new Date(t);
    const runDir = join(dir, "run");
    const store = await RunStateStore.create(
      runDir,
      { runId: "r1", taskId: "fix", taskFile: "tasks/fix.yaml", pid: 42 },
      now,
    );
    t += 1500;
    await store.enterStage("apply", {
      checkpoint: { ref: "refs/leash/checkpoints/r1", commit: "c", tree: "t", createdAt: "x" },
    });
    await store.addPathsAtRisk(["src/b.ts", "src/a.ts"]);
    await store.addPathsAtRisk(["src/a.ts"]);
    t += 500;
    await store.finish("accepted");
    const onDisk = await readRunState(runDir);
    expect(onDisk).toMatchObject({
      runId: "r1",
      taskId: "fix",
      status: "accepted",
      stage: "apply",
      pid: 42,
      pathsAtRisk: ["src/a.ts", "src/b.ts"],
      checkpoint: { ref: "refs/leash/checkpoints/r1" },
      stages: [
        { name: "start", durationMs: 1500 },
        { name: "apply", durationMs: 500 },
      ],
      updatedAt: "2026-11-25T10:00:02.000Z",
    });
    const reopened = await RunStateStore.open(runDir);
    expect(reopened?.current.status).toBe("accepted");
    expect(await readRunState(join(dir, "missing"))).toBeUndefined();
  });

  it("keeps the file valid JSON under many unawaited updates", async () => {
    const store = await RunStateStore.create(join(dir, "r"), { runId: "r", taskId: "t", taskFile: "t.yaml" });
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.addPathsAtRisk([`f${i}`])));
    expect((await readRunState(join(dir, "r")))?.pathsAtRisk).toHaveLength(30);
  });
});
