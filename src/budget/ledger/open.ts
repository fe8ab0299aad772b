import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { isLeashError } from "../../errors.js";
import type { Ledger } from "./contract.js";
import { defaultLeaseSeconds } from "./lease.js";
import { ledgerCorrupt, ledgerForeign, ledgerNewer, translateSqliteError } from "./ledger-errors.js";
import { LATEST_VERSION, LEDGER_APPLICATION_ID, MIGRATIONS, migrationSql } from "./migrations/index.js";
import { SqliteLedger } from "./sqlite-ledger.js";

export interface OpenLedgerOptions {
  /** How long a write waits for another process's transaction (default 5 s). */
  busyTimeoutMs?: number;
  /** The lease of each reservation (default: the default flex timeout plus a minute). */
  leaseMs?: number;
}

/** The seed's flex timeout (900 s) plus the grace; the CLI passes the configured lease. */
export const DEFAULT_LEASE_MS = defaultLeaseSeconds(900) * 1000;

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
    return new SqliteLedger(db, file, options.leaseMs ?? DEFAULT_LEASE_MS);
  } catch (error) {
    db?.close();
    throw isLeashError(error) ? error : translateSqliteError(file, error);
  }
}

function checkIdentity(db: BetterSqlite3.Database, file: string): void {
  // One read transaction, so the three answers come from one moment: read one by one, another
  // process creating the ledger could commit between them, and "no application_id yet" beside
  // "its tables already there" looked like another program's database (ledger.foreign).
  const { appId, version, tables } = db.transaction(() => {
    // The schema read first: it is what opens the transaction's snapshot.
    const tables = Number(db.prepare("SELECT COUNT(*) FROM sqlite_master").pluck().get());
    const appId = Number(db.pragma("application_id", { simple: true }));
    const version = Number(db.pragma("user_version", { simple: true }));
    return { appId, version, tables };
  })();
  // A file with no tables at all is what a crash during creation leaves: safe to set up.
  if (appId === 0 && version === 0 && tables === 0) return;
  if (appId !== LEDGER_APPLICATION_ID) {
    throw ledgerForeign(file, `application_id ${appId}, ${tables} schema objects`);
  }
  if (version > LATEST_VERSION) throw ledgerNewer(file, version, LATEST_VERSION);
}

/** Each applied migration is recorded, so one merged below an applied one is still applied. */
const APPLIED_TABLE = "CREATE TABLE IF NOT EXISTS leash_migrations (version INTEGER PRIMARY KEY)";

function appliedVersions(db: BetterSqlite3.Database): Set<number> | null {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'leash_migrations'").get();
  if (!exists) return null;
  return new Set(db.prepare("SELECT version FROM leash_migrations").pluck().all() as number[]);
}

function migrate(db: BetterSqlite3.Database, file: string): void {
  // Up to date: no write at all, so opening a ledger never contends with running reservations.
  const seen = appliedVersions(db);
  if (seen && MIGRATIONS.every((m) => seen.has(m.version))) return;
  const apply = db.transaction(() => {
    const current = Number(db.pragma("user_version", { simple: true }));
    if (current > LATEST_VERSION) throw ledgerNewer(file, current, LATEST_VERSION);
    // A ledger from before the table: everything up to user_version was applied in order.
    const done =
      appliedVersions(db) ?? new Set(MIGRATIONS.filter((m) => m.version <= current).map((m) => m.version));
    db.exec(APPLIED_TABLE);
    const record = db.prepare("INSERT OR IGNORE INTO leash_migrations (version) VALUES (?)");
    for (const v of done) record.run(v);
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      db.exec(migrationSql(m, "sqlite"));
      record.run(m.version);
    }
    db.pragma(`user_version = ${Math.max(current, LATEST_VERSION)}`);
    db.pragma(`application_id = ${LEDGER_APPLICATION_ID}`);
  });
  apply.immediate();
}
