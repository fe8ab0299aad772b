import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger, ReserveResult } from "../../../src/budget/ledger/contract.js";
import { openLedgerAt } from "../../../src/budget/ledger/open-target.js";
import { ledgerTarget } from "../../../src/budget/ledger/target.js";
import { postgresTestsRun, type TestPostgres, testPostgres } from "../../helpers/postgres.js";
import { request, tempDir } from "./request.js";

/**
 * Real processes against one shared ledger, on both stores: eight workers race one team
 * budget; a process killed mid-call leaves a reservation that its lease releases. The
 * workers run the built dist/.
 */

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const DIST = join(import.meta.dirname, "..", "..", "..", "dist", "budget", "ledger", "open-target.js");

let pgServer: TestPostgres | undefined;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error("run `npm run build` first: the worker processes import dist/");
  tmp = tempDir();
  if (postgresTestsRun) pgServer = await testPostgres();
}, 120_000);
afterAll(async () => {
  await pgServer?.stop();
  tmp.cleanup();
});

type Store = "sqlite" | "postgres";
const stores: Store[] = postgresTestsRun ? ["sqlite", "postgres"] : ["sqlite"];

async function newLedger(store: Store, name: string): Promise<string> {
  return store === "sqlite" ? join(tmp.dir, `${name}.sqlite`) : pgServer!.newDatabase();
}

async function open(where: string, leaseMs = 60_000): Promise<Ledger> {
  const target = where.startsWith("postgres")
    ? ledgerTarget({ path: "x", url: where }, tmp.dir, {})
    : ledgerTarget({ path: where }, tmp.dir, {});
  const ledger = await openLedgerAt(target, leaseMs, { busyTimeoutMs: 60_000 });
  if (!ledger) throw new Error("no ledger");
  return ledger;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.once("exit", (code) => done(code)));
}

describe.each(stores)("processes sharing one ledger on %s", (store) => {
  it("eight processes racing one team budget never pass it together; each ends blocked by the team", async () => {
    const where = await newLedger(store, "race");
    await (await open(where)).close();
    const teamUsd = 1.5;
    const workers = Array.from({ length: 8 }, (_, w) =>
      fork(join(FIXTURES, "team-race-worker.mjs"), [where, String(teamUsd), "0.01", String(w)], {
        stdio: "pipe",
      }),
    );
    const reports: { worker: string; granted: number; block: Extract<ReserveResult, { ok: false }> }[] = [];
    let ready = 0;
    for (const w of workers) {
      w.on("message", (m) => {
        if (m !== "ready") reports.push(m as (typeof reports)[number]);
        else if (++ready === workers.length) for (const each of workers) each.send("go");
      });
    }
    const codes = Promise.all(workers.map(exited));
    const watcher = await open(where);
    let done = false;
    void codes.then(() => (done = true));
    let peakMicros = 0;
    // Sample the team's committed money while they race: spent + reserved, never above the limit.
    while (!done) {
      const team = (
        await watcher.remaining({ projectUsd: 1000, teamUsd }, { project: "project-0", team: "racers" })
      ).team;
      if (team) peakMicros = Math.max(peakMicros, Math.round((team.spentUsd + team.reservedUsd) * 1e6));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(peakMicros).toBeLessThanOrEqual(teamUsd * 1e6);
    expect(reports).toHaveLength(8);
    for (const r of reports) expect(r.block).toMatchObject({ ok: false, scope: "team", limitUsd: teamUsd });
    const rows = await watcher.rows();
    await watcher.close();
    expect(rows.filter((r) => r.status === "reserved")).toEqual([]);
    const committed = rows.reduce((sum, r) => sum + Math.round((r.actualUsd ?? 0) * 1e6), 0);
    expect(committed).toBeLessThanOrEqual(teamUsd * 1e6);
    // The budget was really used, by all of them: the last call left less than one reservation.
    expect(teamUsd * 1e6 - committed).toBeLessThan(10_000);
    // Four projects drew on the one team budget (which worker won how much is the race's business).
    expect(new Set(rows.map((r) => r.project)).size).toBeGreaterThan(1);
  }, 300_000);

  it("a process killed mid-call: its reservation is released once its lease expires", async () => {
    const where = await newLedger(store, "killed");
    const leaseMs = 4000;
    const child = fork(join(FIXTURES, "reserve-and-hold.mjs"), [where, String(leaseMs)], { stdio: "pipe" });
    const reserved = await new Promise<ReserveResult>((done) =>
      child.once("message", (m) => done(m as ReserveResult)),
    );
    if (!reserved.ok) throw new Error("the child's reservation was refused");
    const killedAt = Date.now();
    child.kill("SIGKILL");
    await exited(child);
    const ledger = await open(where, leaseMs);
    try {
      const early = await ledger.reconcile();
      if (store === "sqlite") {
        // One machine: the dead pid is proof enough, at once.
        expect(early.reconciled.map((r) => r.id)).toEqual([reserved.id]);
      } else if (Date.now() - killedAt < leaseMs - 500) {
        // A shared ledger trusts no pid: the reservation holds until its lease runs out.
        expect(early).toMatchObject({ reconciled: [], stillRunning: 1 });
      }
      if (store === "postgres") {
        await new Promise((r) => setTimeout(r, Math.max(0, leaseMs + 300 - (Date.now() - killedAt))));
        const late = await ledger.reconcile();
        expect(late.reconciled.map((r) => [r.id, r.status, r.actualUsd])).toEqual([
          [reserved.id, "reconciled", 0.5],
        ]);
      }
      expect((await ledger.rows()).map((r) => r.status)).toEqual(["reconciled"]);
    } finally {
      await ledger.close();
    }
  }, 120_000);

  it("the next reservation releases what an expired lease left, before it counts", async () => {
    const where = await newLedger(store, "next");
    const child = fork(join(FIXTURES, "reserve-and-hold.mjs"), [where, "1000"], { stdio: "pipe" });
    const reserved = await new Promise<ReserveResult>((done) =>
      child.once("message", (m) => done(m as ReserveResult)),
    );
    child.kill("SIGKILL");
    await exited(child);
    await new Promise((r) => setTimeout(r, 1500));
    const ledger = await open(where, 1000);
    try {
      const budgets = { taskUsd: 1, roleUsd: 1, projectUsd: 1, teamUsd: 1 };
      const next = await ledger.reserve(
        request({ project: "crashy", team: "racers", projectedUsd: 0.1, budgets }),
      );
      expect(next.ok).toBe(true);
      const rows = await ledger.rows();
      expect(rows.map((r) => [r.id, r.status])).toEqual([
        [reserved.ok ? reserved.id : 0, "reconciled"],
        [next.ok ? next.id : 0, "reserved"],
      ]);
      expect(rows[0]?.error).toMatch(/lease expired/);
      // Counted at its projected cost: 0.5 of the team's 1 is gone, so 0.45 more does not fit.
      expect(
        await ledger.reserve(request({ project: "crashy", team: "racers", projectedUsd: 0.45, budgets })),
      ).toMatchObject({ ok: false, spentUsd: 0.5, reservedUsd: 0.1 });
    } finally {
      await ledger.close();
    }
  }, 120_000);
});
