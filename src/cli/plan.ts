import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { openLedger } from "../budget/ledger/open.js";
import { renderRemaining } from "../budget/render-ledger.js";
import { loadConfig } from "../config/load.js";
import { planTask, type TaskPlan } from "../engine/plan.js";
import { EXIT, type ExitCode } from "../errors.js";
import { usd } from "../report/render.js";
import { loadTask } from "../task/load.js";
import { createBudgetPort } from "./adapters/budget.js";
import { createRepoReader } from "./adapters/workspace.js";
import type { CliContext } from "./context.js";

/**
 * `leash plan TASK`: the dry run. The same classification, routing, context and pricing code
 * as `leash run`; no provider is called and nothing in the repository is written.
 */
export async function planCommand(
  ctx: CliContext,
  taskFile: string,
  options: { config?: string; json?: boolean; provider?: string },
): Promise<ExitCode> {
  const loaded = await loadConfig({ cwd: ctx.cwd, configPath: options.config });
  const { config, repoRoot } = loaded;
  const task = await loadTask(taskFile, loaded);
  const provider = options.provider ?? config.provider.default;
  const budget = createBudgetPort(config, task, null, { provider, pid: process.pid });
  const plan = await planTask(
    { workspace: createRepoReader(repoRoot, task.forbiddenPaths), budget },
    task,
    config,
    [],
  );
  const ledgerPath = resolve(repoRoot, config.ledger.path);
  // An absent ledger means nothing spent yet; the dry run does not create one.
  const remaining = existsSync(ledgerPath)
    ? await (async () => {
        const ledger = await openLedger(ledgerPath);
        try {
          return ledger.remaining(
            { projectUsd: config.budget.project_total_budget_usd, rolesUsd: config.budget.role_budgets_usd },
            { project: config.project },
          );
        } finally {
          ledger.close();
        }
      })()
    : null;
  if (options.json) {
    ctx.out(JSON.stringify({ plan, provider, taskBudgetUsd: task.budget.maxUsd, remaining }, null, 2));
  } else {
    ctx.out(renderPlan(plan, provider, task.budget.maxUsd));
    ctx.out(
      remaining
        ? renderRemaining(config.project, remaining)
        : `budget headroom: nothing spent yet (project ${usd(config.budget.project_total_budget_usd)}; roles ${Object.entries(
            config.budget.role_budgets_usd,
          )
            .map(([r, v]) => `${r} ${usd(v)}`)
            .join(", ")})`,
    );
  }
  if (!plan.route.ok) return plan.route.refusal === "needs_approval" ? EXIT.needsOperator : EXIT.blocked;
  return EXIT.accepted;
}

function renderPlan(plan: TaskPlan, provider: string, taskBudgetUsd: number): string {
  const lines = [`plan for ${plan.taskId} (provider ${provider}; nothing is called)`];
  lines.push(
    `  intent: ${plan.classification.intent} (${plan.classification.source}) — ${plan.classification.reasons.join("; ")}`,
  );
  const r = plan.route;
  if (!r.ok) {
    lines.push(`  route refused (${r.refusal}): ${r.reasons.join("; ")}`, `  hint: ${r.hint}`);
    return lines.join("\n");
  }
  lines.push(
    `  role: ${r.role} → model ${r.model}, tier ${r.serviceTier}${r.fallbackTier ? ` (fallback ${r.fallbackTier})` : ""}, effort ${r.reasoningEffort}, output ${r.output}`,
  );
  lines.push(`  why: ${r.reasons.join("; ")}`);
  lines.push("  context:");
  for (const f of plan.contextFiles)
    lines.push(`    ${f.editable ? "edit" : "read"}  ${f.path} (${f.chars.toLocaleString("en-US")} chars)`);
  for (const t of plan.trimmed) lines.push(`    trimmed: ${t}`);
  lines.push(
    `  estimate: ${plan.estimatedInputTokens.toLocaleString("en-US")} input tokens, ${plan.contextChars.toLocaleString("en-US")} chars, output cap ${plan.maxOutputTokens.toLocaleString("en-US")} tokens`,
  );
  const per = plan.perAttemptUsd === null ? "no price" : usd(plan.perAttemptUsd);
  const worst = plan.worstCaseUsd === null ? "no price" : usd(plan.worstCaseUsd);
  lines.push(
    `  projected cost: ${per} per attempt; worst case ${worst} (${plan.maxAttempts} attempt(s), capped by the task budget ${usd(taskBudgetUsd)})`,
  );
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
