import { MIGRATION_0001_INITIAL } from "./0001-initial.js";
import { MIGRATION_0002_OVERRUN_SIMULATED } from "./0002-overrun-simulated.js";

/**
 * Numbered migrations; `PRAGMA user_version` holds the number of the last one applied.
 * Append only: a shipped migration is never edited. Each unit is plain SQL both stores accept
 * (SQLite here, PostgreSQL in the shared-ledger store), applied in order in one transaction.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: "initial", sql: MIGRATION_0001_INITIAL },
  { version: 2, name: "overrun-simulated", sql: MIGRATION_0002_OVERRUN_SIMULATED },
];

export const LATEST_VERSION = MIGRATIONS.length;

/** Marks a Leash ledger (`PRAGMA application_id`), so another program's SQLite file is refused. */
export const LEDGER_APPLICATION_ID = 0x4c534831;
