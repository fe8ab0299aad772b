import { blockedError, type ScopeNames } from "./blocked.js";
import type { Ledger, ReservationRequest } from "./ledger/contract.js";

/**
 * Reserves the projected cost or stops the run: returns the ledger row id to settle, or
 * throws the `budget.task|role|project|team` BlockedError (exit 3) naming the scope and the figures.
 */
export async function reserveBudget(ledger: Ledger, request: ReservationRequest): Promise<number> {
  const result = await ledger.reserve(request);
  if (result.ok) return result.id;
  const names: ScopeNames = {
    task: request.taskId,
    role: request.role,
    project: request.project,
    team: request.team ?? null,
  };
  throw blockedError(result, names);
}
