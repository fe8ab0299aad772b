import type { LeashConfig } from "../config/schema.js";
import { formatInt } from "../contract/format-int.js";
import { outputCapFor } from "../routing/output-cap.js";
import { reservedInputTokens } from "./input-margin.js";
import { formatUsd, toMicros } from "./money.js";
import { priceFor, projectCostUsd } from "./pricing.js";

/**
 * Roles that can never make a call: even an empty prompt reserves the input margin plus the
 * role's full output cap, at the role's standard-tier price. If that passes the task default,
 * the role's own budget or the project budget, every call by the role would be blocked.
 */
export function roleFitWarnings(config: LeashConfig): string[] {
  const warnings: string[] = [];
  for (const [role, rc] of Object.entries(config.roles)) {
    const price = priceFor(config.pricing, rc.model, rc.service_tier ?? "default");
    if (!price) continue;
    const cap = outputCapFor(role, config.limits.max_output_tokens_per_call, config);
    const margin = reservedInputTokens(0, config.budget.input_margin);
    const least = projectCostUsd({ inputTokens: margin, maxOutputTokens: cap }, price);
    const budgets: [string, number | undefined][] = [
      ["budget.task_default_usd", config.budget.task_default_usd],
      [`budget.role_budgets_usd.${role}`, config.budget.role_budgets_usd[role]],
      ["budget.project_total_budget_usd", config.budget.project_total_budget_usd],
    ];
    for (const [field, limit] of budgets) {
      if (limit === undefined || least <= limit) continue;
      const usd = (n: number) => formatUsd(toMicros(n));
      warnings.push(
        `role ${role} (${rc.model}) can never fit ${field} ${formatUsd(toMicros(limit), "limit")}: one call reserves at least ${usd(least)} ` +
          `(${formatInt(cap)} output tokens × $${price.output}/1M + ${margin} input tokens of margin); ` +
          `lower roles.${role}.max_output_tokens to ${Math.max(16, Math.floor(((limit - (margin * price.input) / 1e6) * 1e6) / price.output))} or less, or raise ${field}`,
      );
      break;
    }
  }
  return warnings;
}
