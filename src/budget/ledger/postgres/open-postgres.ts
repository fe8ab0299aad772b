import type pg from "pg";
import { InputError, isLeashError } from "../../../errors.js";
import type { Ledger } from "../contract.js";
import { LATEST_VERSION, LEDGER_APPLICATION_ID, MIGRATIONS, migrationSql } from "../migrations/index.js";
import { translatePgError } from "./pg-errors.js";
import { PostgresLedger } from "./pg-ledger.js";

export interface OpenPostgresOptions {
  leaseMs: number;
  /** False for read-only commands: a database with no ledger yet gives null, untouched. */
  create?: boolean;
  /** How long connecting may take before the server counts as unreachable (default 5 s). */
  connectTimeoutMs?: number;
}

/** `leash_schema` is PostgreSQL's `PRAGMA user_version` + `application_id`: one row. */
const SCHEMA_TABLE = `
CREATE TABLE leash_schema (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  application_id BIGINT NOT NULL,
  version INTEGER NOT NULL
)`;

const STATE = `
SELECT to_regclass('leash_schema') IS NOT NULL AS has_schema, to_regclass('calls') IS NOT NULL AS has_calls`;

/** BIGINT and NUMERIC (what SUM returns) as numbers: micro-dollars stay far below 2^53. */
function typeParsers(pgModule: typeof pg): pg.CustomTypesConfig {
  const asNumber = (value: string) => Number(value);
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === 20 || oid === 1700
        ? asNumber
        : pgModule.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
  };
}

/**
 * Connects, checks that the database holds a Leash ledger of a version we know (or nothing
 * yet), and applies the numbered migrations under an advisory lock, in one transaction: a
 * failed migration leaves the schema as it was. Any failure closes the pool and throws a
 * LeashError naming the URL without its password.
 */
export async function openPostgresLedger(
  url: string,
  shownUrl: string,
  options: OpenPostgresOptions,
): Promise<Ledger | null> {
  const { default: pgModule } = await import("pg");
  const pool = new pgModule.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // A lost network must not hang a run: a query past this fails and the run stops.
    query_timeout: 30_000,
    // A reservation waits at most this long for another one's row lock.
    lock_timeout: 30_000,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    allowExitOnIdle: true,
    application_name: "leash",
    types: typeParsers(pgModule),
  });
  // An idle connection dropped by the server: the next query meets the error and reports it.
  pool.on("error", () => undefined);
  try {
    const state = (await pool.query<{ has_schema: boolean; has_calls: boolean }>(STATE)).rows[0];
    if (!state?.has_schema && state?.has_calls) {
      throw new InputError(
        "ledger.foreign",
        `the database at ${shownUrl} has a \`calls\` table that is not a Leash ledger`,
        {
          location: { field: "ledger.url" },
          hint: "point ledger.url at another database, or at a schema of its own (?options=-c%20search_path%3Dleash)",
        },
      );
    }
    if (!state?.has_schema && options.create === false) {
      await pool.end();
      return null;
    }
    await migrate(pool, shownUrl);
    return new PostgresLedger(pool, shownUrl, options.leaseMs);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw isLeashError(error) ? error : translatePgError(shownUrl, error, "opening the ledger");
  }
}

async function currentVersion(c: pg.PoolClient | pg.Pool, shownUrl: string): Promise<number | null> {
  const { has_schema } = (await c.query<{ has_schema: boolean }>(STATE)).rows[0] ?? { has_schema: false };
  if (!has_schema) return null;
  const row = (await c.query<{ application_id: number; version: number }>("SELECT * FROM leash_schema"))
    .rows[0];
  if (!row || row.application_id !== LEDGER_APPLICATION_ID) {
    throw new InputError(
      "ledger.foreign",
      `the database at ${shownUrl} has a leash_schema table of another program`,
      {
        location: { field: "ledger.url" },
        hint: "point ledger.url at another database or schema",
      },
    );
  }
  if (row.version > LATEST_VERSION) {
    throw new InputError(
      "ledger.newer_schema",
      `the ledger schema at ${shownUrl} is version ${row.version}, newer than this Leash understands (${LATEST_VERSION})`,
      {
        location: { field: "ledger.url" },
        hint: "upgrade Leash; an older version must not write to a newer ledger",
      },
    );
  }
  return row.version;
}

/** Each applied migration is recorded, so one merged below an applied one is still applied. */
async function appliedVersions(c: pg.PoolClient | pg.Pool): Promise<Set<number>> {
  const exists = (await c.query("SELECT to_regclass('leash_migrations') IS NOT NULL AS t")).rows[0]?.t;
  if (!exists) return new Set();
  return new Set(
    (await c.query<{ version: number }>("SELECT version FROM leash_migrations")).rows.map((r) => r.version),
  );
}

async function migrate(pool: pg.Pool, shownUrl: string): Promise<void> {
  // Up to date: no lock and no write, so opening never contends with running reservations.
  if ((await currentVersion(pool, shownUrl)) !== null) {
    const seen = await appliedVersions(pool);
    if (MIGRATIONS.every((m) => seen.has(m.version))) return;
  }
  const c = await pool.connect();
  let step = "the schema table";
  let locked = false;
  try {
    // Two machines starting at once: one migrates, the other waits and then finds it done. The
    // lock is taken before BEGIN, so the waiter's transaction starts after the winner's commit
    // and sees its tables (a transaction's catalog view is not refreshed by an advisory lock).
    await c.query("SELECT pg_advisory_lock($1)", [LEDGER_APPLICATION_ID]);
    locked = true;
    await c.query("BEGIN");
    const current = await currentVersion(c, shownUrl);
    if (current === null) {
      await c.query(SCHEMA_TABLE);
      await c.query("INSERT INTO leash_schema (id, application_id, version) VALUES (1, $1, 0)", [
        LEDGER_APPLICATION_ID,
      ]);
    }
    await c.query("CREATE TABLE IF NOT EXISTS leash_migrations (version INTEGER PRIMARY KEY)");
    const done = await appliedVersions(c);
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      step = `migration ${String(m.version).padStart(4, "0")}-${m.name}`;
      await c.query(migrationSql(m, "postgres"));
      await c.query("INSERT INTO leash_migrations (version) VALUES ($1)", [m.version]);
    }
    await c.query("UPDATE leash_schema SET version = GREATEST(version, $1)", [LATEST_VERSION]);
    await c.query("COMMIT");
  } catch (error) {
    await c.query("ROLLBACK").catch(() => undefined);
    if (isLeashError(error)) throw error;
    const translated = translatePgError(shownUrl, error, "migrating the ledger");
    if (translated.code !== "ledger.postgres") throw translated;
    throw new InputError(
      "ledger.migration",
      `${step} failed on the ledger at ${shownUrl}: ${translated.message}`,
      {
        location: { field: "ledger.url" },
        hint: "nothing was changed (the migration runs in one transaction); fix the database and run again",
        cause: error,
      },
    );
  } finally {
    if (locked)
      await c.query("SELECT pg_advisory_unlock($1)", [LEDGER_APPLICATION_ID]).catch(() => undefined);
    c.release();
  }
}
