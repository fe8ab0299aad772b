import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { blockedError } from "../../../src/budget/blocked.js";
import type { Ledger } from "../../../src/budget/ledger/contract.js";
import { openLedgerAt } from "../../../src/budget/ledger/open-target.js";
import { ledgerTarget } from "../../../src/budget/ledger/target.js";
import { postgresTestsRun, type TestPostgres, testPostgres } from "../../helpers/postgres.js";
import { request, tempDir } from "./request.js";

/** One contract, two stores: every case runs on a SQLite file and on a real PostgreSQL server. */

let pgServer: TestPostgres | undefined;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  if (postgresTestsRun) pgServer = await testPostgres();
}, 120_000);
afterAll(async () => {
  await pgServer?.stop();
  tmp.cleanup();
});

type Store = "sqlite" | "postgres";
let counter = 0;
let lastPg: string | undefined;

async function open(
  store: Store,
  leaseMs = 60_000,
  where?: string,
): Promise<{ ledger: Ledger; where: string }> {
  const at =
    where ??
    (store === "sqlite" ? join(tmp.dir, `ledger-${counter++}.sqlite`) : await pgServer!.newDatabase());
  const target =
    store === "sqlite"
      ? ledgerTarget({ path: at }, tmp.dir, {})
      : ledgerTarget({ path: "x", url: at }, tmp.dir, {});
  if (store === "postgres") lastPg = at;
  const ledger = await openLedgerAt(target, leaseMs);
  if (!ledger) throw new Error("no ledger");
  return { ledger, where: at };
}

const team = { team: "platform", budgets: { taskUsd: 1, roleUsd: 1, projectUsd: 1, teamUsd: 0.1 } };
const stores: Store[] = postgresTestsRun ? ["sqlite", "postgres"] : ["sqlite"];

describe.each(stores)("the ledger contract on %s", (store) => {
  let ledger: Ledger;
  beforeEach(async () => {
    ledger = (await open(store)).ledger;
    return async () => ledger.close();
  });

  it("passes exactly the budget and blocks one micro-dollar more, at every scope", async () => {
    const exact = request({
      projectedUsd: 0.0412,
      budgets: { taskUsd: 0.0412, roleUsd: 0.0412, projectUsd: 0.0412 },
    });
    expect((await ledger.reserve(exact)).ok).toBe(true);
    const more = await ledger.reserve(request({ projectedUsd: 0.000001, budgets: exact.budgets }));
    expect(more).toMatchObject({ ok: false, scope: "task", reservedUsd: 0.0412, remainingUsd: 0 });
  });

  it("holds one team budget across projects, and names the team in the block", async () => {
    expect((await ledger.reserve(request({ ...team, project: "a", projectedUsd: 0.06 }))).ok).toBe(true);
    const r = await ledger.reserve(request({ ...team, project: "b", runId: "r2", projectedUsd: 0.05 }));
    if (r.ok) throw new Error("expected the team budget to block");
    expect(r).toMatchObject({ scope: "team", limitUsd: 0.1, reservedUsd: 0.06, remainingUsd: 0.04 });
    const e = blockedError(r, { task: "t", role: "general_builder", project: "b", team: "platform" });
    expect(e.code).toBe("budget.team");
    expect(e.message).toMatch(/^blocked: team budget platform: projected \$0\.0500 > remaining \$0\.0400/);
    expect(e.location?.field).toBe("budget.team_total_budget_usd");
    // Another team, or no team, is not held by it.
    expect((await ledger.reserve(request({ ...team, team: "other", project: "b" }))).ok).toBe(true);
    expect((await ledger.reserve(request({ project: "b", projectedUsd: 0.05 }))).ok).toBe(true);
    const remaining = await ledger.remaining(
      { projectUsd: 1, teamUsd: 0.1 },
      { project: "b", team: "platform" },
    );
    expect(remaining.team).toEqual({ limitUsd: 0.1, spentUsd: 0, reservedUsd: 0.06, remainingUsd: 0.04 });
  });

  it("settles, releases and settles at projected, and refuses to close a row twice", async () => {
    const a = await ledger.reserve(request());
    const b = await ledger.reserve(request());
    const c = await ledger.reserve(request());
    if (!a.ok || !b.ok || !c.ok) throw new Error("refused");
    const usage = { input: 900, cachedInput: 300, output: 1200, reasoning: 800 };
    await ledger.settle(a.id, {
      usage,
      actualModel: "gpt-5.1-x",
      actualTier: "default",
      actualUsd: 0.0123,
      status: "settled",
    });
    await ledger.release(b.id, "429, nothing billed");
    await ledger.settleAtProjected(c.id, "stream ended");
    const rows = await ledger.rows();
    expect(rows.map((r) => [r.status, r.actualUsd])).toEqual([
      ["settled", 0.0123],
      ["released", 0],
      ["settled", 0.0412],
    ]);
    expect(rows[0]).toMatchObject({
      actualInputTokens: 900,
      actualTier: "default",
      pid: process.pid,
      team: null,
    });
    expect(rows[0]?.leaseUntilMs).toBeGreaterThan(Date.now());
    await expect(ledger.release(a.id, "again")).rejects.toThrow(/is settled, not reserved/);
    await expect(ledger.release(999, "x")).rejects.toThrow(/does not exist/);
    const totals = await ledger.totals("role", "demo");
    expect(totals).toMatchObject([
      { key: "general_builder", calls: 3, open: 0, actualUsd: 0.0535, reservedUsd: 0 },
    ]);
    expect((await ledger.totals("task")).map((t) => t.key)).toEqual(["run-1/task-1"]);
    expect((await ledger.totals("day"))[0]?.key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("records an overrun, keeps simulated spend apart at every scope, and clears only simulated rows", async () => {
    const budgets = { taskUsd: 0.05, roleUsd: 0.05, projectUsd: 0.05, teamUsd: 0.05 };
    const real = await ledger.reserve(request({ ...team, budgets, provider: "openai", projectedUsd: 0.03 }));
    if (!real.ok) throw new Error("refused");
    const usage = { input: 9000, cachedInput: 0, output: 10, reasoning: 0 };
    const settled = { usage, actualModel: "m", actualTier: "default" as const, status: "settled" as const };
    expect(await ledger.settle(real.id, { ...settled, actualUsd: 0.042 })).toEqual({ overrunUsd: 0.012 });
    // The same limits hold within the simulated totals, which the real spend does not touch.
    const sim = { ...team, budgets, simulated: true, projectedUsd: 0.03 };
    const s1 = await ledger.reserve(request(sim));
    if (!s1.ok) throw new Error("a simulated call was held by real spend");
    expect(await ledger.settle(s1.id, { ...settled, actualUsd: 0.01 })).toEqual({ overrunUsd: 0 });
    const more = request({ ...sim, projectedUsd: 0.045 });
    expect(await ledger.reserve(more)).toMatchObject({ ok: false, scope: "task", spentUsd: 0.01 });
    expect(await ledger.reserve(request({ ...team, budgets, projectedUsd: 0.01 }))).toMatchObject({
      ok: false,
      spentUsd: 0.042,
    });
    const open = await ledger.reserve(request({ ...sim, runId: "open", projectedUsd: 0.001 }));
    expect(open.ok).toBe(true);
    const byProvider = await ledger.totals("provider", "demo");
    expect(byProvider.map((t) => [t.key, t.simulated, t.calls, t.open, t.overruns, t.overrunUsd])).toEqual([
      ["openai", false, 1, 0, 1, 0.012],
      ["fake", true, 2, 1, 0, 0],
    ]);
    const simRemaining = await ledger.remaining(
      { projectUsd: 0.05, teamUsd: 0.05 },
      { project: "demo", team: "platform", simulated: true },
    );
    expect(simRemaining.team).toEqual({
      limitUsd: 0.05,
      spentUsd: 0.01,
      reservedUsd: 0.001,
      remainingUsd: 0.039,
    });
    expect(await ledger.clearSimulated("demo")).toBe(1);
    const rows = await ledger.rows();
    expect(rows.map((r) => [r.simulated, r.status, r.overrunUsd])).toEqual([
      [false, "settled", 0.012],
      [true, "reserved", 0],
    ]);
    expect(rows[0]?.closedAt).toMatch(/^\d{4}-/);
  });

  it("an expired lease is released by the next reservation and by reconcile, counted at projected", async () => {
    await ledger.close();
    ledger = (await open(store, 300)).ledger;
    const other = { ...request({ projectedUsd: 0.3, budgets: { taskUsd: 1, roleUsd: 1, projectUsd: 0.5 } }) };
    // A reservation from another host whose process will never renew it.
    const held = await ledger.reserve({ ...other, runId: "gone" });
    if (!held.ok) throw new Error("refused");
    const where = ledger.kind === "sqlite" ? ledger.path : undefined;
    await ledger.close();
    ledger = (await open(store, 300, where ?? lastPg)).ledger;
    await new Promise((done) => setTimeout(done, 500));
    // Still counted: the budget has 0.2 left after the expired 0.3 is closed at its projected cost.
    const next = await ledger.reserve({ ...other, projectedUsd: 0.25, runId: "next" });
    expect(next).toMatchObject({ ok: false, scope: "project", spentUsd: 0.3, reservedUsd: 0 });
    const [row] = await ledger.rows();
    expect(row).toMatchObject({ status: "reconciled", actualUsd: 0.3 });
    expect(row?.error).toMatch(/lease expired/);
    expect((await ledger.reconcile()).reconciled).toEqual([]);
  });

  it("renews the leases of the reservations it holds while their calls run", async () => {
    await ledger.close();
    ledger = (await open(store, 300)).ledger;
    const r = await ledger.reserve(request());
    if (!r.ok) throw new Error("refused");
    await new Promise((done) => setTimeout(done, 800));
    const result = await ledger.reconcile();
    expect(result).toMatchObject({ reconciled: [], stillRunning: 1, otherHost: 0 });
    await ledger.release(r.id, "done");
  });

  it("exports and imports history to the other store, skipping open reservations and repeats", async () => {
    const a = await ledger.reserve(request({ ...team, project: "p" }));
    await ledger.reserve(request({ runId: "open" }));
    if (!a.ok) throw new Error("refused");
    await ledger.settle(a.id, {
      usage: { input: 1, cachedInput: 0, output: 2, reasoning: 0 },
      actualModel: "m",
      actualTier: "flex",
      actualUsd: 0.01,
      status: "settled",
    });
    const exported = await ledger.exportRecords();
    const otherStore: Store = store === "sqlite" && postgresTestsRun ? "postgres" : "sqlite";
    const { ledger: into } = await open(otherStore);
    try {
      expect(await into.importRecords(exported)).toEqual({ imported: 1, duplicates: 0, open: 1 });
      expect(await into.importRecords(exported)).toEqual({ imported: 0, duplicates: 1, open: 1 });
      const [row] = await into.rows();
      const [original] = await ledger.rows();
      expect({ ...row, id: 0 }).toEqual({ ...original, id: 0 });
    } finally {
      await into.close();
    }
  });
});

describe.skipIf(!postgresTestsRun)("the ledger on PostgreSQL, when the server drops its connections", () => {
  it("replaces a connection the server terminated: the next reservation goes through", async () => {
    const { ledger, where } = await open("postgres");
    try {
      expect((await ledger.reserve(request())).ok).toBe(true);
      const admin = new pg.Client({ connectionString: where });
      await admin.connect();
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      expect((await ledger.reserve(request({ runId: "after" }))).ok).toBe(true);
      expect((await ledger.rows()).map((r) => r.status)).toEqual(["reserved", "reserved"]);
    } finally {
      await ledger.close();
    }
  });
});
