import { InternalError } from "../../errors.js";
import type { BudgetScope, ReservationRequest, ReserveResult } from "./contract.js";
import { toScopeMoney } from "./row-mapping.js";

/** Integer micro-dollars of one scope as the store summed them. */
export type Money = { spent: number; reserved: number };

export interface ScopeToCheck {
  scope: BudgetScope;
  /** Micro-dollars; undefined when the scope has no budget (a role without one, no team). */
  limit: number | undefined;
  money: Money;
}

/**
 * The scopes a reservation is checked against, narrowest first so a refusal names the
 * tightest limit: task, role, project, team.
 */
export function scopesOf(r: ReservationRequest): { scope: BudgetScope; limitUsd: number | undefined }[] {
  const scopes: { scope: BudgetScope; limitUsd: number | undefined }[] = [
    { scope: "task", limitUsd: r.budgets.taskUsd },
    { scope: "role", limitUsd: r.budgets.roleUsd },
    { scope: "project", limitUsd: r.budgets.projectUsd },
  ];
  if (r.team) scopes.push({ scope: "team", limitUsd: r.budgets.teamUsd });
  return scopes;
}

/** The first scope whose spent + reserved + projected would pass its limit, or null. */
export function firstExceeded(projected: number, scopes: ScopeToCheck[]): ReserveResult | null {
  for (const s of scopes) {
    if (s.limit === undefined) continue;
    if (s.money.spent + s.money.reserved + projected > s.limit) {
      return {
        ok: false,
        scope: s.scope,
        projectedUsd: projected / 1e6,
        ...toScopeMoney({ limit: s.limit, spent: s.money.spent, reserved: s.money.reserved }),
      };
    }
  }
  return null;
}

// NaN compares false with everything, so a NaN budget would pass any call: refuse it loudly.
export function refuseBadAmounts(r: ReservationRequest): void {
  const amounts = { projectedUsd: r.projectedUsd, ...r.budgets };
  for (const [name, value] of Object.entries(amounts)) {
    if (value === undefined && (name === "roleUsd" || name === "teamUsd")) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new InternalError(
        "ledger.bad_amount",
        `reservation ${name} is ${String(value)}, not a finite amount >= 0`,
        { details: { [name]: value } },
      );
    }
  }
  if (r.team && r.budgets.teamUsd === undefined) {
    throw new InternalError("ledger.bad_amount", `reservation names team ${r.team} but no team budget`, {
      details: { team: r.team },
    });
  }
}
