import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LATEST_VERSION } from "../../../src/budget/ledger/migrations/index.js";
import { openLedger } from "../../../src/budget/ledger/open.js";
import { LeashError } from "../../../src/errors.js";
import { request, tempDir } from "./request.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

async function openError(path: string, options = {}): Promise<LeashError> {
  try {
    const ledger = await openLedger(path, options);
    await ledger.close();
  } catch (error) {
    if (error instanceof LeashError) return error;
    throw error;
  }
  throw new Error("expected openLedger to fail");
}

describe("openLedger", () => {
  it("creates the file and its folders, in WAL mode at the latest schema version, and keeps rows across opens", async () => {
    const path = join(tmp.dir, "a", "b", "ledger.sqlite");
    const ledger = await openLedger(path);
    expect((await ledger.reserve(request())).ok).toBe(true);
    await ledger.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.pragma("user_version", { simple: true })).toBe(LATEST_VERSION);
    raw.close();
    const again = await openLedger(path);
    expect(await again.rows()).toHaveLength(1);
    await again.close();
  });

  it("refuses a corrupt file with a clear error and leaves it byte-for-byte", async () => {
    const path = join(tmp.dir, "ledger.sqlite");
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256));
    writeFileSync(path, garbage);
    const e = await openError(path);
    expect(e.code).toBe("ledger.corrupt");
    expect(e.message).toMatch(/not a readable SQLite database/);
    expect(e.hint).toMatch(/never starts a new ledger/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("refuses a SQLite file whose pages past the header are garbage", async () => {
    const path = join(tmp.dir, "ledger.sqlite");
    const ledger = await openLedger(path);
    await ledger.reserve(request());
    await ledger.close();
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 100);
    writeFileSync(path, bytes);
    const e = await openError(path);
    expect(["ledger.corrupt", "ledger.foreign"]).toContain(e.code);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("refuses another program's SQLite database and a newer Leash schema", async () => {
    const foreign = join(tmp.dir, "foreign.sqlite");
    const db = new Database(foreign);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    db.close();
    const before = readFileSync(foreign);
    const e = await openError(foreign);
    expect(e.code).toBe("ledger.foreign");
    expect(readFileSync(foreign).equals(before)).toBe(true);

    const newer = join(tmp.dir, "newer.sqlite");
    (await openLedger(newer)).close();
    const raw = new Database(newer);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const e2 = await openError(newer);
    expect(e2.code).toBe("ledger.newer_schema");
    expect(e2.hint).toMatch(/upgrade Leash/);
  });

  it("reports a file locked by another connection and changes nothing", async () => {
    const path = join(tmp.dir, "ledger.sqlite");
    const ledger = await openLedger(path);
    await ledger.reserve(request());
    await ledger.close();
    const holder = new Database(path);
    holder.pragma("locking_mode = EXCLUSIVE");
    holder.exec("BEGIN EXCLUSIVE");
    holder.prepare("SELECT COUNT(*) FROM calls").get();
    const before = readFileSync(path);
    const size = statSync(path).size;
    try {
      const e = await openError(path, { busyTimeoutMs: 50 });
      expect(e.code).toBe("ledger.locked");
      expect(e.exitCode).toBe(3);
      expect(e.message).toMatch(/locked by another connection/);
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(statSync(path).size).toBe(size);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    const after = await openLedger(path);
    expect(await after.rows()).toHaveLength(1);
    await after.close();
  });

  it("a reservation while another process holds the write lock past the timeout is a clear block", async () => {
    const path = join(tmp.dir, "ledger.sqlite");
    const ledger = await openLedger(path, { busyTimeoutMs: 50 });
    const holder = new Database(path);
    holder.exec("BEGIN IMMEDIATE");
    try {
      await expect(ledger.reserve(request())).rejects.toThrow(
        expect.objectContaining({ code: "ledger.locked" }),
      );
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    expect((await ledger.reserve(request())).ok).toBe(true);
    await ledger.close();
  });
});

describe("migration 0002", () => {
  it("migrates a version-1 ledger: old fake rows become simulated and leave the real totals", async () => {
    const { MIGRATION_0001_INITIAL } = await import("../../../src/budget/ledger/migrations/0001-initial.js");
    const { LEDGER_APPLICATION_ID } = await import("../../../src/budget/ledger/migrations/index.js");
    const path = join(tmp.dir, "v1.sqlite");
    const raw = new Database(path);
    raw.exec(MIGRATION_0001_INITIAL);
    raw.pragma("user_version = 1");
    raw.pragma(`application_id = ${LEDGER_APPLICATION_ID}`);
    const insert = raw.prepare(
      `INSERT INTO calls (time, project, run_id, task_id, attempt, role, provider, model, requested_tier,
        reasoning_effort, est_input_tokens, est_cached_tokens, est_output_tokens, est_reasoning_tokens,
        projected_micros, actual_micros, status, pid, host)
       VALUES ('2026-11-30T10:00:00.000Z', 'demo', 'r', 't', 1, 'general_builder', ?, 'gpt-5.1', 'flex',
        'medium', 100, 0, 100, 0, 5000, 4000, 'settled', 1, 'h')`,
    );
    insert.run("fake");
    insert.run("openai");
    raw.close();

    const ledger = await openLedger(path);
    expect((await ledger.rows()).map((r) => [r.provider, r.simulated, r.overrunUsd])).toEqual([
      ["fake", true, 0],
      ["openai", false, 0],
    ]);
    const real = await ledger.remaining({ projectUsd: 5 }, { project: "demo" });
    const simulated = await ledger.remaining({ projectUsd: 5 }, { project: "demo", simulated: true });
    expect([real.project.spentUsd, simulated.project.spentUsd]).toEqual([0.004, 0.004]);
    await ledger.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma("user_version", { simple: true })).toBe(LATEST_VERSION);
    after.close();
  });

  it("a simulated reservation is checked against simulated spend only", async () => {
    const ledger = await openLedger(join(tmp.dir, "l.sqlite"));
    const budgets = { taskUsd: 1, roleUsd: undefined, projectUsd: 0.05 };
    expect((await ledger.reserve(request({ projectedUsd: 0.05, budgets }))).ok).toBe(true);
    // The real project budget is used up; simulated calls still have their own $0.05.
    expect((await ledger.reserve(request({ projectedUsd: 0.01, budgets }))).ok).toBe(false);
    expect((await ledger.reserve(request({ projectedUsd: 0.05, budgets, simulated: true }))).ok).toBe(true);
    expect((await ledger.reserve(request({ projectedUsd: 0.01, budgets, simulated: true }))).ok).toBe(false);
    expect(await ledger.clearSimulated("demo")).toBe(0);
    await ledger.close();
  });
});
