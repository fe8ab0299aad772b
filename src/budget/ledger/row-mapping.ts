import type { ReasoningEffort, ServiceTier } from "../../config/schema.js";
import { fromMicros } from "../money.js";
import type { LedgerRow, LedgerStatus, ScopeMoney, TotalsRow } from "./contract.js";

/** The `calls` table as both stores return it (PostgreSQL's BIGINTs parsed to numbers). */
export interface CallRecord {
  id: number;
  time: string;
  project: string;
  run_id: string;
  task_id: string;
  attempt: number;
  role: string;
  provider: string;
  model: string;
  requested_tier: string;
  actual_tier: string | null;
  reasoning_effort: string;
  est_input_tokens: number;
  est_cached_tokens: number;
  est_output_tokens: number;
  est_reasoning_tokens: number;
  act_input_tokens: number | null;
  act_cached_tokens: number | null;
  act_output_tokens: number | null;
  act_reasoning_tokens: number | null;
  projected_micros: number;
  actual_micros: number | null;
  status: string;
  error: string | null;
  pid: number;
  host: string;
  overrun_micros: number;
  simulated: number;
  closed_at: string | null;
  team: string | null;
  lease_until_ms: number | null;
}

export function toLedgerRow(r: CallRecord): LedgerRow {
  return {
    id: r.id,
    time: r.time,
    project: r.project,
    runId: r.run_id,
    taskId: r.task_id,
    attempt: r.attempt,
    role: r.role,
    provider: r.provider,
    model: r.model,
    requestedTier: r.requested_tier as ServiceTier,
    actualTier: r.actual_tier as ServiceTier | null,
    reasoningEffort: r.reasoning_effort as ReasoningEffort,
    estimatedInputTokens: r.est_input_tokens,
    estimatedCachedTokens: r.est_cached_tokens,
    estimatedOutputTokens: r.est_output_tokens,
    estimatedReasoningTokens: r.est_reasoning_tokens,
    actualInputTokens: r.act_input_tokens,
    actualCachedTokens: r.act_cached_tokens,
    actualOutputTokens: r.act_output_tokens,
    actualReasoningTokens: r.act_reasoning_tokens,
    projectedUsd: fromMicros(r.projected_micros),
    actualUsd: r.actual_micros === null ? null : fromMicros(r.actual_micros),
    status: r.status as LedgerStatus,
    error: r.error,
    pid: r.pid,
    host: r.host,
    overrunUsd: fromMicros(r.overrun_micros ?? 0),
    simulated: r.simulated === 1,
    closedAt: r.closed_at ?? null,
    team: r.team ?? null,
    leaseUntilMs: r.lease_until_ms ?? null,
  };
}

export interface TotalsRecord {
  key: string;
  simulated: number;
  calls: number;
  open: number;
  est_in: number;
  est_out: number;
  act_in: number;
  act_cached: number;
  act_out: number;
  act_reasoning: number;
  projected: number;
  actual: number;
  reserved: number;
  overruns: number;
  overrun: number;
}

export function toTotalsRow(r: TotalsRecord): TotalsRow {
  return {
    key: r.key,
    simulated: r.simulated === 1,
    calls: r.calls,
    open: r.open,
    estimatedInputTokens: r.est_in,
    estimatedOutputTokens: r.est_out,
    actualInputTokens: r.act_in,
    actualCachedTokens: r.act_cached,
    actualOutputTokens: r.act_out,
    actualReasoningTokens: r.act_reasoning,
    projectedUsd: fromMicros(r.projected),
    actualUsd: fromMicros(r.actual),
    reservedUsd: fromMicros(r.reserved),
    overruns: r.overruns,
    overrunUsd: fromMicros(r.overrun),
  };
}

/** Integer micro-dollars of one scope, all in one place. */
export interface ScopeMicros {
  limit: number;
  spent: number;
  reserved: number;
}

export function toScopeMoney(m: ScopeMicros): ScopeMoney {
  return {
    limitUsd: fromMicros(m.limit),
    spentUsd: fromMicros(m.spent),
    reservedUsd: fromMicros(m.reserved),
    remainingUsd: fromMicros(m.limit - m.spent - m.reserved),
  };
}
