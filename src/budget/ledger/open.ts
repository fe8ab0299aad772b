import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { isLeashError } from "../../errors.js";
import type { Ledger } from "./contract.js";
import { ledgerCorrupt, ledgerForeign, ledgerNewer, translateSqliteError } from "./ledger-errors.js";
import { LATEST_VERSION, LEDGER_APPLICATION_ID, MIGRATIONS } from "./migrations/index.js";
import { SqliteLedger } from "./sqlite-ledger.js";

export interface OpenLedgerOptions {
  /** How long a write waits for another process's transaction (default 5 s). */
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = "SQLite format 3\0";

function readHeader(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("latin1");
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens (or creates) the ledger: WAL, synchronous=FULL, a busy timeout, and the numbered
 * migrations. An existing file that is not a Leash ledger of a version we know is refused
 * with a clear error and left byte-for-byte as it was.
 */
export async function openLedger(path: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const existed = existsSync(file) && statSync(file).size > 0;
  // Checked before SQLite touches the file, so garbage is never "repaired" into a database.
  if (existed && readHeader(file) !== SQLITE_HEADER) {
    throw ledgerCorrupt(file, "the file does not start with the SQLite header");
  }
  const { default: Database } = await import("better-sqlite3");
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    if (existed) checkIdentity(db, file);
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal")
      throw translateSqliteError(file, new Error(`journal_mode is ${String(mode)}, not wal`));
    db.pragma("synchronous = FULL");
    migrate(db, file);
    return new SqliteLedger(db, file);
  } catch (error) {
    db?.close();
    throw isLeashError(error) ? error : translateSqliteError(file, error);
  }
}

function checkIdentity(db: BetterSqlite3.Database, file: string): void {
  const appId = Number(db.pragma("application_id", { simple: true }));
  const version = Number(db.pragma("user_version", { simple: true }));
  const tables = Number(db.prepare("SELECT COUNT(*) FROM sqlite_master").pluck().get());
  // A file with no tables at all is what a crash during creation leaves: safe to set up.
  if (appId === 0 && version === 0 && tables === 0) return;
  if (appId !== LEDGER_APPLICATION_ID) {
    throw ledgerForeign(file, `application_id ${appId}, ${tables} schema objects`);
  }
  if (version > LATEST_VERSION) throw ledgerNewer(file, version, LATEST_VERSION);
}

function migrate(db: BetterSqlite3.Database, file: string): void {
  // Up to date: no write at all, so opening a ledger never contends with running reservations.
  if (Number(db.pragma("user_version", { simple: true })) === LATEST_VERSION) return;
  const apply = db.transaction(() => {
    const current = Number(db.pragma("user_version", { simple: true }));
    if (current > LATEST_VERSION) throw ledgerNewer(file, current, LATEST_VERSION);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    db.pragma(`application_id = ${LEDGER_APPLICATION_ID}`);
  });
  apply.immediate();
}
