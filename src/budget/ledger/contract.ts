import type { ReasoningEffort, ServiceTier } from "../../config/schema.js";
import type { TokenUsage } from "../../providers/contract.js";

/**
 * The ledger as the engine sees it (SPEC §9). The SQLite implementation lives in
 * sqlite-ledger.ts; tests of the engine may implement this interface in memory.
 */

export type BudgetScope = "task" | "role" | "project";
export type LedgerStatus = "reserved" | "settled" | "released" | "reconciled";
export type TotalsDimension = "project" | "role" | "task" | "model" | "tier" | "day";
export const TOTALS_DIMENSIONS: readonly TotalsDimension[] = [
  "project",
  "role",
  "task",
  "model",
  "tier",
  "day",
];

/** Budgets enforced for one reservation; a role with no budget passes `roleUsd: undefined`. */
export interface ReservationBudgets {
  taskUsd: number;
  roleUsd: number | undefined;
  projectUsd: number;
}

export interface ReservationRequest {
  project: string;
  runId: string;
  taskId: string;
  attempt: number;
  role: string;
  provider: string;
  model: string;
  requestedTier: ServiceTier;
  reasoningEffort: ReasoningEffort;
  estimatedInputTokens: number;
  estimatedCachedTokens: number;
  /** The output cap of the call (reasoning counts as output). */
  estimatedOutputTokens: number;
  estimatedReasoningTokens: number;
  projectedUsd: number;
  pid: number;
  budgets: ReservationBudgets;
}

/** One scope's money: settled spend, spend reserved by calls in flight, and what is left. */
export interface ScopeMoney {
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  remainingUsd: number;
}

export type ReserveResult =
  | { ok: true; id: number }
  /** The first scope (task, role, project) whose budget the projected cost would pass. */
  | ({ ok: false; scope: BudgetScope; projectedUsd: number } & ScopeMoney);

export interface Settlement {
  usage: TokenUsage;
  actualModel: string;
  actualTier: ServiceTier;
  actualUsd: number;
  status: "settled";
  error?: string;
}

export interface ReconcileResult {
  /** Rows whose process is gone, now counted at their projected cost. */
  reconciled: LedgerRow[];
  /** Reservations whose process still runs on this host. */
  stillRunning: number;
  /** Reservations made on another host: their process cannot be checked from here. */
  otherHost: number;
}

export interface LedgerRow {
  id: number;
  time: string;
  project: string;
  runId: string;
  taskId: string;
  attempt: number;
  role: string;
  provider: string;
  model: string;
  requestedTier: ServiceTier;
  actualTier: ServiceTier | null;
  reasoningEffort: ReasoningEffort;
  estimatedInputTokens: number;
  estimatedCachedTokens: number;
  estimatedOutputTokens: number;
  estimatedReasoningTokens: number;
  actualInputTokens: number | null;
  actualCachedTokens: number | null;
  actualOutputTokens: number | null;
  actualReasoningTokens: number | null;
  projectedUsd: number;
  actualUsd: number | null;
  status: LedgerStatus;
  error: string | null;
  pid: number;
  host: string;
}

export interface TotalsRow {
  key: string;
  calls: number;
  /** Calls still reserved (in flight, or left by a crash until reconciled). */
  open: number;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  actualInputTokens: number;
  actualCachedTokens: number;
  actualOutputTokens: number;
  actualReasoningTokens: number;
  projectedUsd: number;
  actualUsd: number;
  reservedUsd: number;
}

export interface RemainingBudgets {
  projectUsd: number;
  /** Roles with a budget. */
  rolesUsd?: Record<string, number>;
  taskUsd?: number;
}

export interface RemainingScope {
  project: string;
  /** With taskId, the task scope is reported too. */
  runId?: string;
  taskId?: string;
}

export interface RemainingReport {
  project: ScopeMoney;
  roles: Record<string, ScopeMoney>;
  task?: ScopeMoney;
}

/**
 * Every method returns a promise so a networked store (PostgreSQL) implements the same
 * contract as SQLite; a write has committed when its promise resolves, so a reservation is
 * durable before the call it covers is made.
 */
export interface Ledger {
  readonly path: string;
  /** Atomic: ok only if every scope's spent + reserved + projected stays within budget. */
  reserve(request: ReservationRequest): Promise<ReserveResult>;
  settle(id: number, settlement: Settlement): Promise<void>;
  /** The provider could not tell usage: the projected cost stands as spent. */
  settleAtProjected(id: number, reason: string): Promise<void>;
  /** The call failed with no usage: the reservation is freed. */
  release(id: number, error: string): Promise<void>;
  /** Reservations whose process died (same host) are settled at their projected cost. */
  reconcile(): Promise<ReconcileResult>;
  totals(by: TotalsDimension, project?: string): Promise<TotalsRow[]>;
  remaining(budgets: RemainingBudgets, scope: RemainingScope): Promise<RemainingReport>;
  rows(project?: string): Promise<LedgerRow[]>;
  close(): Promise<void>;
}
