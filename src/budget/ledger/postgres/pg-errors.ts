import { BlockedError, InputError, InternalError, isLeashError, type LeashError } from "../../../errors.js";

/**
 * PostgreSQL's failures in the operator's words, always naming the URL without its password.
 * Fail closed: what stops Leash from verifying a budget (server down, network lost) blocks the
 * run (exit 3); what the operator must fix (credentials, database name, rights) is invalid
 * input (exit 2). Neither lets a provider call through.
 */

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}

/** Serialization failures and deadlocks: the transaction is safe to run again. */
export function isRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code === "40001" || code === "40P01";
}

export function isConnectionLost(error: unknown): boolean {
  const code = codeOf(error);
  if (NETWORK_CODES.has(code) || code.startsWith("08") || /^57P0[123]$/.test(code)) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionLost);
  return /Connection terminated|connection timeout|timeout expired|Query read timeout|not queryable|Client was closed/i.test(
    messageOf(error),
  );
}

export function translatePgError(url: string, error: unknown, during = "ledger"): LeashError {
  if (isLeashError(error)) return error;
  const code = codeOf(error);
  const message = messageOf(error);
  const location = { field: "ledger.url" };
  if (isConnectionLost(error)) {
    return new BlockedError(
      "ledger.unreachable",
      `blocked: the PostgreSQL ledger at ${url} cannot be reached (${message}); no budget can be verified, so no provider is called`,
      {
        location,
        hint: "start the server or fix the network, then run again; `leash ledger reconcile` settles what a lost run left",
        retryable: true,
        cause: error,
      },
    );
  }
  if (code === "28P01" || code === "28000") {
    return new InputError(
      "ledger.auth",
      `the PostgreSQL ledger at ${url} refused the credentials (${message})`,
      {
        location,
        hint: "fix the user and password in ledger.url or LEASH_LEDGER_URL",
        cause: error,
      },
    );
  }
  if (code === "3D000") {
    return new InputError("ledger.no_database", `the PostgreSQL ledger at ${url}: ${message}`, {
      location,
      hint: "create the database (createdb NAME) or name an existing one in the URL",
      cause: error,
    });
  }
  if (code === "42501") {
    return new InputError("ledger.permission", `the PostgreSQL ledger at ${url}: ${message}`, {
      location,
      hint: "grant the user the right to create and write tables in its schema",
      cause: error,
    });
  }
  if (code === "55P03" || isRetryable(error)) {
    return new BlockedError(
      "ledger.locked",
      `blocked: the PostgreSQL ledger at ${url} is busy (${message})`,
      {
        location,
        hint: "another reservation holds the budget rows; wait for it, or find the session holding the lock",
        retryable: true,
        cause: error,
      },
    );
  }
  return new InternalError(
    "ledger.postgres",
    `${during} error on ${url}: ${message} (${code || "no code"})`,
    {
      location,
      cause: error,
    },
  );
}
