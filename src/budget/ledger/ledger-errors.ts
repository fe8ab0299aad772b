import { BlockedError, InputError, InternalError, type LeashError } from "../../errors.js";

/** The ledger's failures in the operator's words; the file is never replaced or reset. */

export function ledgerCorrupt(path: string, detail: string, cause?: unknown): LeashError {
  return new InputError("ledger.corrupt", `the ledger file is not a readable SQLite database (${detail})`, {
    location: { file: path },
    hint: "restore it from a backup or move it aside; Leash never starts a new ledger over an existing file",
    cause,
  });
}

export function ledgerForeign(path: string, detail: string): LeashError {
  return new InputError(
    "ledger.foreign",
    `the ledger file is a SQLite database of another program (${detail})`,
    {
      location: { file: path },
      hint: "point ledger.path in leash.yaml at a new file or at an existing Leash ledger",
    },
  );
}

export function ledgerNewer(path: string, found: number, known: number): LeashError {
  return new InputError(
    "ledger.newer_schema",
    `the ledger schema is version ${found}, newer than this Leash understands (${known})`,
    { location: { file: path }, hint: "upgrade Leash; an older version must not write to a newer ledger" },
  );
}

export function ledgerLocked(path: string, cause?: unknown): LeashError {
  return new BlockedError("ledger.locked", "blocked: the ledger file is locked by another connection", {
    location: { file: path },
    hint: "wait for the other Leash process to finish, or find what holds the file open",
    retryable: true,
    cause,
  });
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** SQLite's own errors translated at the adapter; anything else is unexpected. */
export function translateSqliteError(path: string, error: unknown): LeashError {
  const code = sqliteCode(error) ?? "";
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return ledgerLocked(path, error);
  if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) {
    return ledgerCorrupt(path, message, error);
  }
  return new InternalError("ledger.sqlite", `ledger error: ${message} (${code || "no code"})`, {
    location: { file: path },
    cause: error,
  });
}
