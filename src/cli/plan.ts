import { renderPriceSources } from "../budget/render-catalog.js";
import { displayPath } from "../config/load.js";
import { formatInt } from "../contract/format-int.js";
import { planTask, type TaskPlan } from "../engine/plan.js";
import { EXIT, type ExitCode } from "../errors.js";
import { requirePrograms } from "../exec/preflight.js";
import { unsandboxedWarning } from "../exec/sandbox-status.js";
import { unscriptedFakeRefusal } from "../providers/resolve-provider.js";
import { usd } from "../report/render.js";
import { renderRemaining } from "../report/render-ledger.js";
import { loadTask } from "../task/load.js";
import type { CliContext } from "./context.js";
import { loadRepoConfig } from "./load-repo-config.js";
import { wire } from "./wire.js";

/**
 * `leash plan TASK`: the dry run. The same classification, routing, context and pricing code
 * as `leash run`; no provider is called and nothing in the repository is written.
 */
export async function planCommand(
  ctx: CliContext,
  taskFile: string,
  options: { config?: string; json?: boolean; provider?: string },
): Promise<ExitCode> {
  const loaded = await loadRepoConfig(ctx.cwd, options.config);
  const { config } = loaded;
  const task = await loadTask(taskFile, loaded);
  await requirePrograms(config.commands, task.validators, loaded.repoRoot, displayPath(ctx.cwd, loaded.file));
  const provider = options.provider ?? config.provider.default;
  // The dry run calls no provider, so it builds none: the gate's key check is the run's business.
  const wiring = wire(loaded, [], { cwd: ctx.cwd, providerName: provider });
  const remaining = await wiring.readLedger((ledger) =>
    ledger.remaining(
      {
        projectUsd: config.budget.project_total_budget_usd,
        rolesUsd: config.budget.role_budgets_usd,
        teamUsd: config.budget.team_total_budget_usd ?? undefined,
      },
      // The fake provider's spend is simulated and has its own headroom.
      { project: config.project, team: config.budget.team ?? null, simulated: provider === "fake" },
    ),
  );
  const plan = await planTask(
    { workspace: wiring.repoReader(task), budget: wiring.budgetFor(task, null, remaining) },
    task,
    config,
    [],
  );
  const unsandboxed = await unsandboxedWarning(config);
  const unscripted = unscriptedFakeRefusal(
    config,
    { responses: task.fakeResponses, taskId: task.id },
    options.provider,
  );
  const warnings = [
    ...(unsandboxed ? [unsandboxed] : []),
    ...(unscripted
      ? [
          `${unscripted.message}; \`leash run\` would stop before any call [${unscripted.code}] (${unscripted.hint})`,
        ]
      : []),
  ];
  for (const w of warnings) ctx.err(`warning: ${w}`);
  if (options.json) {
    const catalog = loaded.catalog ?? null;
    ctx.out(
      JSON.stringify(
        { plan, provider, taskBudgetUsd: task.budget.maxUsd, remaining, catalog, warnings },
        null,
        2,
      ),
    );
  } else {
    ctx.out(renderPlan(plan, provider, task.budget.maxUsd));
    ctx.out(renderPriceSources(loaded));
    ctx.out(
      remaining
        ? renderRemaining(config.project, remaining, config.budget.team ?? null)
        : `budget headroom: nothing spent yet (project ${usd(config.budget.project_total_budget_usd)}; roles ${Object.entries(
            config.budget.role_budgets_usd,
          )
            .map(([r, v]) => `${r} ${usd(v)}`)
            .join(", ")})`,
    );
  }
  if (!plan.route.ok && plan.route.refusal === "needs_approval") return EXIT.needsOperator;
  return plan.block ? EXIT.blocked : EXIT.accepted;
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
    `  role: ${r.role} → model ${r.model}, tier ${plan.tier ?? r.serviceTier}${plan.tier && plan.tier !== r.serviceTier ? ` (${r.serviceTier} not priced)` : r.fallbackTier ? ` (fallback ${r.fallbackTier})` : ""}, effort ${r.reasoningEffort}, output ${r.output}`,
  );
  lines.push(`  why: ${r.reasons.join("; ")}`);
  lines.push("  context:");
  for (const f of plan.contextFiles)
    lines.push(`    ${f.editable ? "edit" : "read"}  ${f.path} (${formatInt(f.chars)} chars)`);
  for (const path of plan.skippedFiles)
    lines.push(`    skip  ${path} (binary or not UTF-8: not shown; the prompt names it)`);
  for (const t of plan.trimmed) lines.push(`    trimmed: ${t}`);
  lines.push(
    `  estimate: ${formatInt(plan.estimatedInputTokens)} input tokens, ${formatInt(plan.contextChars)} chars, output cap ${formatInt(plan.maxOutputTokens)} tokens`,
  );
  const per = plan.perAttemptUsd === null ? "no price" : usd(plan.perAttemptUsd);
  const worst = plan.worstCaseUsd === null ? "no price" : usd(plan.worstCaseUsd);
  lines.push(
    `  projected cost: ${per} per attempt; worst case ${worst} (${plan.maxAttempts} attempt(s), capped by the task budget ${usd(taskBudgetUsd)})`,
  );
  for (const w of plan.worstCase) lines.push(`    ${w.calls} × ${w.role} at ${usd(w.perCallUsd)}`);
  if (plan.block) lines.push(`  the run would be blocked (${plan.block.code}): ${plan.block.message}`);
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
