import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../../src/budget/ledger/open.js";
import { request, tempDir } from "./request.js";

/** Real processes against one real ledger file; the fixtures run the built dist/. */

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const DIST_LEDGER = join(import.meta.dirname, "..", "..", "..", "dist", "budget", "ledger", "open.js");

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  if (!existsSync(DIST_LEDGER))
    throw new Error("run `npm run build` first: the worker processes import dist/");
});
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.once("exit", (code) => done(code)));
}

/** Settled spend plus open reservations, in micro-dollars, from the ledger's own rows. */
function committedMicros(db: Database.Database, project: string): number {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(CASE WHEN status IN ('settled','reconciled') THEN actual_micros
         WHEN status = 'reserved' THEN projected_micros ELSE 0 END), 0) AS committed FROM calls WHERE project = ?`,
    )
    .get(project) as { committed: number };
  return row.committed;
}

describe("four processes reserving against one project budget", () => {
  it("never pass the budget together, and every one of them is blocked once it is spent", {
    timeout: 240_000,
  }, async () => {
    const path = join(tmp.dir, "ledger.sqlite");
    (await openLedger(path)).close();
    const budgetUsd = 10;
    const workers = [0, 1, 2, 3].map((w) =>
      fork(join(FIXTURES, "reserve-loop.mjs"), [path, String(budgetUsd), "0.01", String(w)], {
        stdio: "pipe",
      }),
    );
    const reports: { worker: string; granted: number; block: { scope: string; remainingUsd: number } }[] = [];
    let ready = 0;
    for (const w of workers) {
      w.on("message", (m) => {
        if (m !== "ready") reports.push(m as (typeof reports)[number]);
        else if (++ready === workers.length) for (const each of workers) each.send("go");
      });
    }
    const codes = Promise.all(workers.map(exited));

    const watcher = new Database(path, { readonly: true });
    watcher.pragma("busy_timeout = 5000");
    let peak = 0;
    let running = true;
    void codes.then(() => {
      running = false;
    });
    while (running) {
      peak = Math.max(peak, committedMicros(watcher, "shared"));
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await codes).toEqual([0, 0, 0, 0]);
    const final = committedMicros(watcher, "shared");
    const rows = watcher.prepare("SELECT status, pid FROM calls").all() as { status: string; pid: number }[];
    watcher.close();

    expect(Math.max(peak, final)).toBeLessThanOrEqual(budgetUsd * 1e6);
    // Less than one more reservation of room is left: the budget was really spent.
    expect(budgetUsd * 1e6 - final).toBeLessThan(0.01 * 1e6);
    expect(reports).toHaveLength(4);
    for (const r of reports) {
      expect(r.block.scope).toBe("project");
      expect(r.block.remainingUsd).toBeLessThan(0.01);
    }
    expect(reports.reduce((n, r) => n + r.granted, 0)).toBe(rows.length);
  });
});

describe("a process killed between reserve and settle", () => {
  it("leaves a reservation that still counts until reconcile settles it at the projected cost", async () => {
    const path = join(tmp.dir, "ledger.sqlite");
    const child = fork(join(FIXTURES, "reserve-and-wait.mjs"), [path, "0.6"], { stdio: "pipe" });
    const reserved = await new Promise<{ ok: boolean; id: number }>((done) =>
      child.once("message", (m) => done(m as never)),
    );
    expect(reserved.ok).toBe(true);
    const gone = exited(child);
    child.kill("SIGKILL");
    await gone;

    const ledger = await openLedger(path);
    try {
      const budgets = { taskUsd: 1, roleUsd: 1, projectUsd: 1 };
      const scope = { project: "crashy", runId: "run-crash", taskId: "task-1" };
      expect((await ledger.remaining(budgets, scope)).project).toMatchObject({
        spentUsd: 0,
        reservedUsd: 0.6,
        remainingUsd: 0.4,
      });
      const other = { project: "crashy", runId: "run-2", role: "simple_builder" };
      const refused = await ledger.reserve(request({ ...other, projectedUsd: 0.5, budgets }));
      expect(refused).toMatchObject({ ok: false, scope: "project", reservedUsd: 0.6 });
      // A reservation of a live process (this one) is left alone.
      const live = await ledger.reserve(request({ ...other, projectedUsd: 0.1, budgets }));
      expect(live.ok).toBe(true);

      const result = await ledger.reconcile();
      expect(result.stillRunning).toBe(1);
      expect(result.reconciled.map((r) => [r.id, r.status, r.actualUsd])).toEqual([
        [reserved.id, "reconciled", 0.6],
      ]);
      expect((await ledger.remaining(budgets, scope)).project).toMatchObject({
        spentUsd: 0.6,
        reservedUsd: 0.1,
      });
      expect((await ledger.reconcile()).reconciled).toEqual([]);
    } finally {
      await ledger.close();
    }
  });
});
