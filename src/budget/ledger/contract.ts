import type { ReasoningEffort, ServiceTier } from "../../config/schema.js";
import type { TokenUsage } from "../../contract/token-usage.js";

/**
 * The ledger as the engine sees it (SPEC §9). The SQLite implementation lives in
 * sqlite-ledger.ts; tests of the engine may implement this interface in memory.
 */

export type BudgetScope = "task" | "role" | "project" | "team";
export type LedgerStatus = "reserved" | "settled" | "released" | "reconciled";
export type TotalsDimension = "project" | "role" | "task" | "model" | "tier" | "day" | "provider";
export const TOTALS_DIMENSIONS: readonly TotalsDimension[] = [
  "project",
  "role",
  "task",
  "model",
  "tier",
  "day",
  "provider",
];

/** Budgets enforced for one reservation; a role with no budget passes `roleUsd: undefined`. */
export interface ReservationBudgets {
  taskUsd: number;
  roleUsd: number | undefined;
  projectUsd: number;
  /** The team's total, when the request names a team. */
  teamUsd?: number;
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
  /**
   * Fake-provider and replay calls (SPEC §12). Every scope sums simulated and real calls apart:
   * a simulated call is checked against the same limits within the simulated totals only, and
   * never counts against a real budget. Default false.
   */
  simulated?: boolean;
  /** The scope above the project (`budget.team`), shared by every repository naming it. */
  team?: string | null;
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

/** What settling found: how far the actual cost passed the reservation (0 when it did not). */
export interface SettleOutcome {
  overrunUsd: number;
}

export interface ReconcileResult {
  /** Rows whose lease expired or whose process is gone, now counted at their projected cost. */
  reconciled: LedgerRow[];
  /** Open reservations still held: lease not yet expired (or, on SQLite, a live local process). */
  stillRunning: number;
  /** Of those, reservations made on another host: released only when their lease expires. */
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
  /** Actual above projected at settlement; 0 for a call that stayed within its reservation. */
  overrunUsd: number;
  simulated: boolean;
  /** When the row was settled, released or reconciled; null while reserved. */
  closedAt: string | null;
  team: string | null;
  /** The lease's expiry (epoch ms); renewed while the call runs. Null on rows older than leases. */
  leaseUntilMs: number | null;
}

/** One `calls` row as stored, the unit of `leash ledger export` and `import`. */
export type LedgerRecord = Record<string, string | number | null>;

export interface ImportResult {
  imported: number;
  duplicates: number;
  open: number;
}

export interface TotalsRow {
  key: string;
  /** Simulated and real calls are totalled apart, never in one row. */
  simulated: boolean;
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
  /** Calls whose actual cost passed their reservation, and by how much in all. */
  overruns: number;
  overrunUsd: number;
}

export interface RemainingBudgets {
  projectUsd: number;
  /** With RemainingScope.team, the team scope is reported too. */
  teamUsd?: number;
  /** Roles with a budget. */
  rolesUsd?: Record<string, number>;
  taskUsd?: number;
}

export interface RemainingScope {
  project: string;
  team?: string | null;
  /** With taskId, the task scope is reported too. */
  runId?: string;
  taskId?: string;
  /** The simulated totals instead of the real ones (default: real). */
  simulated?: boolean;
}

export interface RemainingReport {
  team?: ScopeMoney;
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
  /** The SQLite file, or the PostgreSQL URL without its password. */
  readonly path: string;
  readonly kind: "sqlite" | "postgres";
  /** Atomic: ok only if every scope's spent + reserved + projected stays within budget. */
  reserve(request: ReservationRequest): Promise<ReserveResult>;
  /**
   * Closes the reservation with the reported usage. An actual cost above the reservation is an
   * overrun: stored on the row (`overrun_micros`), charged in full to every scope, and returned
   * so the engine can stop the run before its next call.
   */
  settle(id: number, settlement: Settlement): Promise<SettleOutcome>;
  /** The provider could not tell usage: the projected cost stands as spent. */
  settleAtProjected(id: number, reason: string): Promise<void>;
  /** The call failed with no usage: the reservation is freed. */
  release(id: number, error: string): Promise<void>;
  /** Deletes the closed simulated rows (of one project, or all); returns how many. Reserved rows stay. */
  clearSimulated(project?: string): Promise<number>;
  /**
   * Reservations whose lease expired (or, on SQLite, whose local process died) are counted at
   * their projected cost and closed.
   */
  reconcile(): Promise<ReconcileResult>;
  totals(by: TotalsDimension, project?: string): Promise<TotalsRow[]>;
  remaining(budgets: RemainingBudgets, scope: RemainingScope): Promise<RemainingReport>;
  rows(project?: string): Promise<LedgerRow[]>;
  /** Every row with every column as stored (snake_case, integer micro-dollars), oldest first. */
  exportRecords(): Promise<LedgerRecord[]>;
  /**
   * Appends rows exported from another ledger, with new ids. Rows already present (same time,
   * run, task, attempt, host and pid) are skipped, so an import can be repeated; open
   * reservations are skipped too: they belong to the ledger whose process will settle them.
   */
  importRecords(records: LedgerRecord[]): Promise<ImportResult>;
  close(): Promise<void>;
}
