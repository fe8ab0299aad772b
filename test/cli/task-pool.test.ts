import { describe, expect, it } from "vitest";
import { runPool } from "../../src/cli/task-pool.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("runPool", () => {
  it("a failing item is its own: the others finish before the pool does", async () => {
    const finished: number[] = [];
    const failed: [number, string][] = [];
    let poolDone = false;
    const lateChecks: boolean[] = [];
    await runPool(
      [1, 2, 3, 4, 5, 6],
      4,
      async (n) => {
        if (n === 2) throw new Error("no worktree for 2");
        await tick(20 + n * 5);
        // What the caller closes after the pool (the ledger) must still be there for this item.
        lateChecks.push(poolDone);
        finished.push(n);
      },
      { onError: (n, e) => failed.push([n, (e as Error).message]) },
    );
    poolDone = true;
    expect(failed).toEqual([[2, "no worktree for 2"]]);
    expect(finished.sort()).toEqual([1, 3, 4, 5, 6]);
    expect(lateChecks.every((closed) => !closed)).toBe(true);
  });

  it("runs at most `width` items at once, and every item once", async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(
      Array.from({ length: 9 }, (_, i) => i),
      3,
      async (n) => {
        running += 1;
        peak = Math.max(peak, running);
        await tick(5);
        seen.push(n);
        running -= 1;
      },
      { onError: () => undefined },
    );
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("starts nothing new once stopped; what runs ends on its own", async () => {
    const stop = new AbortController();
    const started: number[] = [];
    await runPool(
      [1, 2, 3, 4],
      2,
      async (n) => {
        started.push(n);
        if (n === 2) stop.abort();
        await tick(5);
      },
      { onError: () => undefined, stop: stop.signal },
    );
    expect(started).toEqual([1, 2]);
  });

  it("an onError that throws is raised, but only once every other worker has ended", async () => {
    const finished: number[] = [];
    const outcome = runPool(
      [1, 2, 3],
      3,
      async (n) => {
        if (n === 1) throw new Error("first");
        await tick(20);
        finished.push(n);
      },
      {
        onError: () => {
          throw new Error("the handler broke");
        },
      },
    );
    await expect(outcome).rejects.toThrow("the handler broke");
    expect(finished.sort()).toEqual([2, 3]);
  });
});
