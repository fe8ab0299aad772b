import { MIGRATION_0001_INITIAL, MIGRATION_0001_INITIAL_POSTGRES } from "./0001-initial.js";
import { MIGRATION_0002_OVERRUN_SIMULATED } from "./0002-overrun-simulated.js";
import { MIGRATION_0003_TEAM_AND_LEASES } from "./0003-team-and-leases.js";

export type Dialect = "sqlite" | "postgres";

/**
 * Numbered migrations, one schema for both stores: `PRAGMA user_version` (SQLite) or the
 * `leash_migrations` table (PostgreSQL) holds the number of the last one applied. A unit is
 * plain SQL both dialects accept, or one text per dialect where they differ; each store applies
 * them in order in one transaction. Append only: a shipped migration is never edited.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string | Record<Dialect, string>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: { sqlite: MIGRATION_0001_INITIAL, postgres: MIGRATION_0001_INITIAL_POSTGRES },
  },
  { version: 2, name: "overrun-simulated", sql: MIGRATION_0002_OVERRUN_SIMULATED },
  { version: 3, name: "team-and-leases", sql: MIGRATION_0003_TEAM_AND_LEASES },
];

export function migrationSql(m: Migration, dialect: Dialect): string {
  return typeof m.sql === "string" ? m.sql : m.sql[dialect];
}

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Marks a Leash ledger (`PRAGMA application_id`), so another program's SQLite file is refused. */
export const LEDGER_APPLICATION_ID = 0x4c534831;
