import { resolve } from "node:path";
import { InputError } from "../../errors.js";

/** Where the ledger lives: a SQLite file (the embedded default) or a PostgreSQL database. */
export type LedgerTarget =
  | { kind: "sqlite"; path: string }
  | {
      kind: "postgres";
      url: string;
      /** The URL with its password replaced, for every message and report. */
      shownUrl: string;
      /** Where the URL came from, named in errors. */
      source: "ledger.url" | "LEASH_LEDGER_URL";
    };

export const LEDGER_URL_ENV = "LEASH_LEDGER_URL";

/** The URL with any password (in the userinfo or a `password=` parameter) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const key of [...u.searchParams.keys()]) {
      if (/^(password|passwd|pass|sslpassword)$/i.test(key)) u.searchParams.set(key, "***");
    }
    return u.toString();
  } catch {
    // Not parseable: show only the scheme, never the rest (it may hold the secret).
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? "";
    return `${scheme}//***`;
  }
}

/**
 * `LEASH_LEDGER_URL` wins over `ledger.url`, so CI can point a checked-in config at its own
 * server; with neither, the SQLite file at `ledger.path` (relative to the repository root).
 */
export function ledgerTarget(
  ledger: { path: string; url?: string | null },
  repoRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): LedgerTarget {
  const fromEnv = env[LEDGER_URL_ENV]?.trim();
  const url = fromEnv ? fromEnv : (ledger.url ?? null);
  if (url === null) return { kind: "sqlite", path: resolve(repoRoot, ledger.path) };
  const source = fromEnv ? LEDGER_URL_ENV : "ledger.url";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(url, source, "it is not a URL");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw badUrl(url, source, `the scheme is ${parsed.protocol.replace(/:$/, "")}, not postgres`);
  }
  return { kind: "postgres", url, shownUrl: redactUrl(url), source };
}

function badUrl(url: string, source: string, why: string): InputError {
  return new InputError("ledger.url", `the ledger URL ${redactUrl(url)} is not usable: ${why}`, {
    location: source === LEDGER_URL_ENV ? { field: `env ${LEDGER_URL_ENV}` } : { field: "ledger.url" },
    hint: "write postgres://USER:PASSWORD@HOST:PORT/DATABASE, or remove it to use the SQLite file at ledger.path",
  });
}

/** How a target is named to the operator: the file path, or the URL without its password. */
export function describeTarget(target: LedgerTarget): string {
  return target.kind === "sqlite" ? target.path : target.shownUrl;
}
