import { BlockedError } from "../errors.js";
import type { BudgetScope, ReserveResult } from "./ledger/contract.js";
import { formatUsd, toMicros } from "./money.js";

/** What each scope is called in a message: the task id, the role name, the project and team names. */
export interface ScopeNames {
  task: string;
  role: string;
  project: string;
  team?: string | null;
}

const FIELD: Record<BudgetScope, (name: string) => string> = {
  task: () => "budget.task_default_usd",
  role: (name) => `budget.role_budgets_usd.${name}`,
  project: () => "budget.project_total_budget_usd",
  team: () => "budget.team_total_budget_usd",
};

/**
 * A refused reservation as the stop that ends the run (exit 3), e.g.
 * `blocked: role budget general_builder: projected $0.0412 > remaining $0.0150 (spent $1.9850 of $2.00)`.
 * Calls still in flight count as spent; when there are some, the message shows them apart.
 */
export function blockedError(result: Extract<ReserveResult, { ok: false }>, names: ScopeNames): BlockedError {
  const name = names[result.scope] ?? "";
  const spent = toMicros(result.spentUsd);
  const reserved = toMicros(result.reservedUsd);
  const used =
    reserved === 0
      ? `spent ${formatUsd(spent)}`
      : `spent ${formatUsd(spent)} + reserved ${formatUsd(reserved)}`;
  const message =
    `blocked: ${result.scope} budget ${name}: projected ${formatUsd(toMicros(result.projectedUsd))} > ` +
    `remaining ${formatUsd(toMicros(result.remainingUsd))} (${used} of ${formatUsd(toMicros(result.limitUsd), "limit")})`;
  return new BlockedError(`budget.${result.scope}`, message, {
    location: { field: FIELD[result.scope](name) },
    hint:
      result.scope === "task"
        ? "raise the task's budget (task file or budget.task_default_usd), or make the task cheaper"
        : `raise ${FIELD[result.scope](name)} in leash.yaml, pick a cheaper model or tier, or lower the output cap`,
    details: { ...result },
  });
}
