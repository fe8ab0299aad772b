import { blockedError } from "../../budget/blocked.js";
import { reservedInputTokens } from "../../budget/input-margin.js";
import type {
  Ledger,
  RemainingReport,
  ReservationRequest,
  ScopeMoney,
} from "../../budget/ledger/contract.js";
import { checkCallLimits } from "../../budget/limits.js";
import { actualCostUsd, priceFor, projectCostUsd } from "../../budget/pricing.js";
import { reserveBudget } from "../../budget/reserve-budget.js";
import { countTokens, encodingFor, estimateRequestTokens } from "../../budget/tokens.js";
import type { LeashConfig } from "../../config/schema.js";
import type { BudgetPort } from "../../engine/ports.js";
import { killPoint } from "../../exec/kill-point.js";
import { outputJsonSchema } from "../../providers/output-json-schema.js";
import type { ResolvedTask } from "../../task/schema.js";

/** The engine's budget port over the real pricing table, tokenizer, limits and SQLite ledger. */
export function createBudgetPort(
  config: LeashConfig,
  task: ResolvedTask,
  /** Null for the dry run (`leash plan`): reserve() checks the budgets and writes nothing. */
  ledger: Ledger | null,
  /** `providerFor`: the provider of each role when roles call different ones (the ledger row names it). */
  meta: {
    provider: string;
    providerFor?: (role: string) => string;
    pid: number;
    simulated?: boolean;
    /** The dry run's view of the ledger: what is left at each scope (null: nothing spent yet). */
    headroom?: RemainingReport | null;
  },
): BudgetPort {
  const limits = {
    ...config.limits,
    max_input_tokens_per_call: task.limits.maxInputTokensPerCall,
    max_output_tokens_per_call: task.limits.maxOutputTokensPerCall,
    max_context_chars_per_call: task.limits.maxContextCharsPerCall,
    max_patch_bytes: task.limits.maxPatchBytes,
    max_runtime_s_per_task: task.budget.maxRuntimeS,
  };
  return {
    price: (model, tier) => priceFor(config.pricing, model, tier),
    projectedUsd: (inputTokens, maxOutputTokens, price) =>
      projectCostUsd(
        { inputTokens: reservedInputTokens(inputTokens, config.budget.input_margin), maxOutputTokens },
        price,
      ),
    actualUsd: (usage, price) => actualCostUsd(usage, price),
    async reserve(ask) {
      const request: ReservationRequest = {
        project: config.project,
        runId: ask.runId,
        taskId: ask.taskId,
        attempt: ask.attempt,
        role: ask.role,
        provider: meta.providerFor?.(ask.role) ?? meta.provider,
        model: ask.model,
        requestedTier: ask.requestedTier,
        reasoningEffort: ask.reasoningEffort,
        estimatedInputTokens: ask.estimatedInputTokens,
        estimatedCachedTokens: 0,
        estimatedOutputTokens: ask.maxOutputTokens,
        estimatedReasoningTokens: 0,
        projectedUsd: ask.projectedUsd,
        pid: meta.pid,
        simulated: meta.simulated ?? false,
        team: config.budget.team ?? null,
        budgets: {
          taskUsd: ask.taskBudgetUsd,
          roleUsd: config.budget.role_budgets_usd[ask.role],
          projectUsd: config.budget.project_total_budget_usd,
          teamUsd: config.budget.team_total_budget_usd ?? undefined,
        },
      };
      if (ledger === null) {
        checkDryRun(request, meta.headroom ?? null);
        return "dry-run";
      }
      const id = String(await reserveBudget(ledger, request));
      killPoint("call:reserved");
      return id;
    },
    settle: async (id, usage, actualModel, actualTier, actualUsd) =>
      (await ledger?.settle(Number(id), {
        usage,
        actualModel,
        actualTier,
        actualUsd,
        status: "settled",
      })) ?? {
        overrunUsd: 0,
      },
    settleAtProjected: async (id, reason) => ledger?.settleAtProjected(Number(id), reason),
    release: async (id, error) => ledger?.release(Number(id), error),
    checkCallLimits: (figures) => checkCallLimits(figures, limits),
    countTokens: (text, model) => countTokens(text, encodingFor(config.pricing, model)),
    estimateRequestTokens: (request, model) =>
      estimateRequestTokens(
        {
          instructions: request.instructions,
          input: request.input,
          schemaText: JSON.stringify(outputJsonSchema(request.wantedOutput)),
        },
        encodingFor(config.pricing, model),
      ),
  };
}

/**
 * The reservation the run would ask for, checked against what is left without writing a row:
 * the same scopes in the same order as the ledger (task, role, project, team), so `leash plan` blocks
 * exactly where `leash run` would on its first call.
 */
function checkDryRun(r: ReservationRequest, headroom: RemainingReport | null): void {
  const fresh = (limitUsd: number): ScopeMoney => ({
    limitUsd,
    spentUsd: 0,
    reservedUsd: 0,
    remainingUsd: limitUsd,
  });
  const scopes = [
    { scope: "task" as const, limit: r.budgets.taskUsd, money: fresh },
    {
      scope: "role" as const,
      limit: r.budgets.roleUsd,
      money: (limit: number) => headroom?.roles[r.role] ?? fresh(limit),
    },
    {
      scope: "project" as const,
      limit: r.budgets.projectUsd,
      money: (limit: number) => headroom?.project ?? fresh(limit),
    },
    ...(r.team
      ? [
          {
            scope: "team" as const,
            limit: r.budgets.teamUsd,
            money: (limit: number) => headroom?.team ?? fresh(limit),
          },
        ]
      : []),
  ];
  for (const s of scopes) {
    if (s.limit === undefined) continue;
    const money = s.money(s.limit);
    if (Math.round(r.projectedUsd * 1e6) > Math.round(money.remainingUsd * 1e6)) {
      throw blockedError(
        { ok: false, scope: s.scope, projectedUsd: r.projectedUsd, ...money },
        { task: r.taskId, role: r.role, project: r.project, team: r.team ?? null },
      );
    }
  }
}
