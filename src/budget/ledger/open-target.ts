import { existsSync } from "node:fs";
import type { LeashConfig } from "../../config/schema.js";
import { InternalError } from "../../errors.js";
import type { Ledger } from "./contract.js";
import { defaultLeaseSeconds } from "./lease.js";
import { type LedgerTarget, ledgerTarget } from "./target.js";

/**
 * The lease of every reservation: `ledger.lease_s`, or the longest single call the config
 * allows (the flex timeout, which is the longer one) plus a minute. A reservation is then never
 * released while its call can still be running, even if no renewal gets through.
 */
export function leaseSeconds(config: Pick<LeashConfig, "ledger" | "provider">): number {
  if (config.ledger.lease_s) return config.ledger.lease_s;
  const openai = config.provider.openai;
  return defaultLeaseSeconds(Math.max(openai.timeout_s, openai.flex_timeout_s));
}

export interface OpenOptions {
  /** False for read-only commands: a ledger that does not exist yet gives null and is not created. */
  create?: boolean;
  /** SQLite only: how long a write waits for another process's transaction. */
  busyTimeoutMs?: number;
}

/** Opens the ledger the config (or LEASH_LEDGER_URL) names; only the store in use is loaded. */
export async function openLedgerAt(
  target: LedgerTarget,
  leaseMs: number,
  options: OpenOptions = {},
): Promise<Ledger | null> {
  if (target.kind === "sqlite") {
    if (options.create === false && !existsSync(target.path)) return null;
    const { openLedger } = await import("./open.js");
    return openLedger(target.path, { leaseMs, busyTimeoutMs: options.busyTimeoutMs });
  }
  const { openPostgresLedger } = await import("./postgres/open-postgres.js");
  return openPostgresLedger(target.url, target.shownUrl, { leaseMs, create: options.create });
}

export function configuredTarget(config: Pick<LeashConfig, "ledger">, repoRoot: string): LedgerTarget {
  return ledgerTarget(config.ledger, repoRoot);
}

/** The configured ledger, created when missing. */
export async function openConfiguredLedger(
  config: Pick<LeashConfig, "ledger" | "provider">,
  repoRoot: string,
): Promise<Ledger> {
  const ledger = await openLedgerAt(configuredTarget(config, repoRoot), leaseSeconds(config) * 1000);
  if (!ledger) throw new InternalError("ledger.not_opened", "a ledger opened with create came back empty");
  return ledger;
}

/** The configured ledger if it exists; null means nothing was ever recorded there. */
export async function openExistingLedger(
  config: Pick<LeashConfig, "ledger" | "provider">,
  repoRoot: string,
): Promise<Ledger | null> {
  return openLedgerAt(configuredTarget(config, repoRoot), leaseSeconds(config) * 1000, { create: false });
}
