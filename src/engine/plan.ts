import type { Intent, LeashConfig } from "../config/schema.js";
import { classifyTask } from "../routing/classify.js";
import { outputCapFor } from "../routing/output-cap.js";
import { type RouteDecision, routeTask } from "../routing/route.js";
import type { ResolvedTask } from "../task/schema.js";
import { buildAttemptContext } from "./attempt-context.js";
import type { BudgetPort, WorkspacePort } from "./ports.js";

/** `leash plan`: what a run would do and cost, decided by the same code, calling nothing. */
export interface TaskPlan {
  taskId: string;
  classification: { intent: Intent; source: string; reasons: string[] };
  route: RouteDecision;
  contextFiles: { path: string; editable: boolean; chars: number }[];
  trimmed: string[];
  estimatedInputTokens: number;
  contextChars: number;
  maxOutputTokens: number;
  perAttemptUsd: number | null;
  maxAttempts: number;
  worstCaseUsd: number | null;
  notes: string[];
}

export async function planTask(
  ports: { workspace: Pick<WorkspacePort, "readFile" | "expandGlobs">; budget: BudgetPort },
  task: ResolvedTask,
  config: LeashConfig,
  approvals: string[],
): Promise<TaskPlan> {
  const paths = await ports.workspace.expandGlobs(task.allowedFiles);
  const files = await Promise.all(
    paths.map(async (path) => {
      const content = await ports.workspace.readFile(path);
      return { path, bytes: content?.length ?? 0, exists: content !== null };
    }),
  );
  const classification = classifyTask(task, { files });
  const route = routeTask({ task, intent: classification.intent, config, approvals });
  const base = {
    taskId: task.id,
    classification: {
      intent: classification.intent,
      source: classification.source,
      reasons: classification.reasons,
    },
    route,
    maxOutputTokens: route.ok
      ? outputCapFor(route.role, task.limits.maxOutputTokensPerCall, config)
      : task.limits.maxOutputTokensPerCall,
    maxAttempts: route.ok && route.output !== "patch" ? 1 : task.budget.maxAttempts,
    notes: [] as string[],
  };
  if (!route.ok) {
    return {
      ...base,
      contextFiles: [],
      trimmed: [],
      estimatedInputTokens: 0,
      contextChars: 0,
      perAttemptUsd: null,
      worstCaseUsd: null,
    };
  }
  const context = await buildAttemptContext(ports, task, route, undefined);
  const estimatedInputTokens = ports.budget.estimateRequestTokens(
    { ...context, wantedOutput: route.output },
    route.model,
  );
  const price = ports.budget.price(route.model, route.serviceTier);
  const perAttemptUsd = price
    ? ports.budget.projectedUsd(estimatedInputTokens, base.maxOutputTokens, price)
    : null;
  const notes = [...base.notes];
  notes.push(
    "retries carry the previous patch and validator failures, so later attempts cost somewhat more input",
  );
  if (price === null)
    notes.push(`model ${route.model} has no price for tier ${route.serviceTier}: the run would be blocked`);
  return {
    ...base,
    notes,
    contextFiles: context.files,
    trimmed: context.trimmed,
    estimatedInputTokens,
    contextChars: context.chars,
    perAttemptUsd,
    worstCaseUsd:
      perAttemptUsd === null ? null : Math.min(perAttemptUsd * base.maxAttempts, task.budget.maxUsd),
  };
}
