/**
 * The PostgreSQL side of the ledger's SQL. Reads share their text with SQLite (queries.ts),
 * with `?` turned into `$n`; writes differ where the dialects do: row locks, RETURNING, the
 * server's clock for leases (one clock for every machine sharing the ledger).
 */

/** `?` placeholders, in order, as `$1, $2, …` (the ledger's SQL has no `?` inside literals). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Milliseconds since the epoch by the server's clock. */
export const NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

/**
 * Takes the scope's row lock, creating the row on first use: every reservation on this scope
 * waits here until the one before it commits.
 */
export const LOCK_SCOPE = `
INSERT INTO budget_scopes (scope, name, reservations) VALUES ($1, $2, 1)
ON CONFLICT (scope, name) DO UPDATE SET reservations = budget_scopes.reservations + 1`;

/**
 * Expired reservations of the locked scopes. SKIP LOCKED: a row another transaction is
 * closing is left to it, so this never waits on (or deadlocks with) a settlement.
 */
export const EXPIRE_IN_SCOPES = `
UPDATE calls SET status = 'reconciled', actual_micros = projected_micros, error = $1, closed_at = $2
WHERE id IN (
  SELECT id FROM calls
  WHERE status = 'reserved' AND lease_until_ms < ${NOW_MS} AND (project = $3 OR team = $4)
  FOR UPDATE SKIP LOCKED)`;

export const EXPIRE_ALL = `
UPDATE calls SET status = 'reconciled', actual_micros = projected_micros, error = $1, closed_at = $2
WHERE status = 'reserved' AND lease_until_ms < ${NOW_MS}
RETURNING *`;

export const INSERT_RESERVATION = `
INSERT INTO calls (time, project, run_id, task_id, attempt, role, provider, model, requested_tier,
  reasoning_effort, est_input_tokens, est_cached_tokens, est_output_tokens, est_reasoning_tokens,
  projected_micros, status, pid, host, team, lease_until_ms, simulated)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'reserved', $16, $17, $18,
  ${NOW_MS} + $19, $20)
RETURNING id`;

export const RENEW_LEASES = `
UPDATE calls SET lease_until_ms = ${NOW_MS} + $2 WHERE status = 'reserved' AND id = ANY($1::bigint[])`;

const SETTLEABLE = "status IN ('reserved', 'reconciled')";

export const SETTLE = `
UPDATE calls SET status = 'settled', actual_model = $2, actual_tier = $3,
  act_input_tokens = $4, act_cached_tokens = $5, act_output_tokens = $6,
  act_reasoning_tokens = $7, actual_micros = $8, error = $9, closed_at = $10,
  overrun_micros = GREATEST($8 - projected_micros, 0)
WHERE id = $1 AND ${SETTLEABLE}
RETURNING overrun_micros`;

export const SETTLE_AT_PROJECTED = `
UPDATE calls SET status = 'settled', actual_micros = projected_micros, error = $2, closed_at = $3
WHERE id = $1 AND ${SETTLEABLE}`;

export const RELEASE = `
UPDATE calls SET status = 'released', actual_micros = 0, error = $2, closed_at = $3
WHERE id = $1 AND ${SETTLEABLE}`;

export const OPEN_COUNTS = `
SELECT COUNT(*) AS open, COUNT(*) FILTER (WHERE host <> $1) AS other FROM calls WHERE status = 'reserved'`;

export const TABLE_COLUMNS = `
SELECT column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'calls'`;
