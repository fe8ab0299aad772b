import type { TotalsDimension } from "./contract.js";

/** SQL of the ledger, kept apart from the code that runs it. */

/** Spent = settled or reconciled at actual cost; reserved = calls in flight at projected cost. */
const MONEY = `
  COALESCE(SUM(CASE WHEN status IN ('settled', 'reconciled') THEN actual_micros ELSE 0 END), 0) AS spent,
  COALESCE(SUM(CASE WHEN status = 'reserved' THEN projected_micros ELSE 0 END), 0) AS reserved`;

/** Each scope is summed within the real or the simulated calls, never across (last parameter). */
export const SUM_TASK = `SELECT ${MONEY} FROM calls WHERE project = ? AND run_id = ? AND task_id = ? AND simulated = ?`;
export const SUM_ROLE = `SELECT ${MONEY} FROM calls WHERE project = ? AND role = ? AND simulated = ?`;
export const SUM_PROJECT = `SELECT ${MONEY} FROM calls WHERE project = ? AND simulated = ?`;
export const SUM_TEAM = `SELECT ${MONEY} FROM calls WHERE team = ? AND simulated = ?`;

export const INSERT_RESERVATION = `
INSERT INTO calls (time, project, run_id, task_id, attempt, role, provider, model, requested_tier,
  reasoning_effort, est_input_tokens, est_cached_tokens, est_output_tokens, est_reasoning_tokens,
  projected_micros, status, pid, host, simulated, team, lease_until_ms)
VALUES (@time, @project, @runId, @taskId, @attempt, @role, @provider, @model, @requestedTier,
  @reasoningEffort, @estimatedInputTokens, @estimatedCachedTokens, @estimatedOutputTokens,
  @estimatedReasoningTokens, @projectedMicros, 'reserved', @pid, @host, @simulated, @team, @leaseUntilMs)`;

/**
 * A row closed by an expired lease may still be settled by its owner (a process that was
 * suspended, not dead): its real usage then replaces the projected cost it was counted at.
 */
const SETTLEABLE = "status IN ('reserved', 'reconciled')";

export const LEASE_EXPIRED = "lease expired before the call was settled; counted at the projected cost";

/** Open reservations whose lease ran out: counted at their projected cost and closed. */
export const EXPIRE_LEASES = `
UPDATE calls SET status = 'reconciled', actual_micros = projected_micros, error = @error, closed_at = @time
WHERE status = 'reserved' AND lease_until_ms IS NOT NULL AND lease_until_ms < @now`;

export const RENEW_LEASES = `
UPDATE calls SET lease_until_ms = @until WHERE status = 'reserved' AND id IN (SELECT value FROM json_each(@ids))`;

/**
 * A close is stamped by SQLite once the UPDATE holds the write lock, not by the caller before it
 * waits for that lock: a time taken in JS earlier could order two closes against their commit order,
 * and the overrun checks read "what was closed before me" from these times.
 */
const LOCKED_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export const SETTLE = `
UPDATE calls SET status = 'settled', actual_model = @actualModel, actual_tier = @actualTier,
  act_input_tokens = @input, act_cached_tokens = @cachedInput, act_output_tokens = @output,
  act_reasoning_tokens = @reasoning, actual_micros = @actualMicros, error = @error, closed_at = ${LOCKED_NOW},
  overrun_micros = CASE WHEN @actualMicros > projected_micros THEN @actualMicros - projected_micros ELSE 0 END
WHERE id = @id AND ${SETTLEABLE}`;

export const OVERRUN_OF = `SELECT overrun_micros FROM calls WHERE id = ?`;

export const CLEAR_SIMULATED = `DELETE FROM calls WHERE simulated = 1 AND status <> 'reserved'`;

export const SETTLE_AT_PROJECTED = `
UPDATE calls SET status = 'settled', actual_micros = projected_micros, error = @error, closed_at = ${LOCKED_NOW}
WHERE id = @id AND ${SETTLEABLE}`;

export const RELEASE = `
UPDATE calls SET status = 'released', actual_micros = 0, error = @error, closed_at = ${LOCKED_NOW}
WHERE id = @id AND ${SETTLEABLE}`;

export const RECONCILE_ONE = `
UPDATE calls SET status = 'reconciled', actual_micros = projected_micros, error = @error, closed_at = @time
WHERE id = @id AND status = 'reserved'`;

export const OPEN_RESERVATIONS = `SELECT * FROM calls WHERE status = 'reserved' ORDER BY id`;
export const STATUS_OF = `SELECT status FROM calls WHERE id = ?`;

const KEY: Record<TotalsDimension, string> = {
  project: "project",
  role: "role",
  task: "run_id || '/' || task_id",
  model: "COALESCE(actual_model, model)",
  tier: "COALESCE(actual_tier, requested_tier)",
  day: "substr(time, 1, 10)",
  provider: "provider",
};

export function totalsSql(by: TotalsDimension, filtered: boolean): string {
  return `
SELECT ${KEY[by]} AS key, simulated, COUNT(*) AS calls,
  COALESCE(SUM(CASE WHEN status = 'reserved' THEN 1 ELSE 0 END), 0) AS open,
  COALESCE(SUM(est_input_tokens), 0) AS est_in, COALESCE(SUM(est_output_tokens), 0) AS est_out,
  COALESCE(SUM(act_input_tokens), 0) AS act_in, COALESCE(SUM(act_cached_tokens), 0) AS act_cached,
  COALESCE(SUM(act_output_tokens), 0) AS act_out, COALESCE(SUM(act_reasoning_tokens), 0) AS act_reasoning,
  COALESCE(SUM(projected_micros), 0) AS projected, ${MONEY.replace(/AS spent/, "AS actual")},
  COALESCE(SUM(CASE WHEN overrun_micros > 0 THEN 1 ELSE 0 END), 0) AS overruns,
  COALESCE(SUM(overrun_micros), 0) AS overrun
FROM calls ${filtered ? "WHERE project = ?" : ""}
GROUP BY simulated, key ORDER BY simulated, key`;
}
