import type { Intent, LeashConfig, ServiceTier } from "../config/schema.js";
import { isLeashError } from "../errors.js";
import { classifyTask } from "../routing/classify.js";
import { nextOnLadder } from "../routing/ladder.js";
import { outputCapFor } from "../routing/output-cap.js";
import { type RouteChoice, type RouteDecision, routeTask } from "../routing/route.js";
import type { ResolvedTask } from "../task/schema.js";
import { buildAttemptContext } from "./attempt-context.js";
import type { BudgetPort, WorkspacePort } from "./ports.js";
import { type ProjectedCall, projectCall } from "./project-call.js";
import { routedRequest } from "./routed-call.js";

/** `leash plan`: what a run would do and cost, decided by the same code, calling nothing. */
export interface TaskPlan {
  taskId: string;
  classification: { intent: Intent; source: string; reasons: string[] };
  route: RouteDecision;
  /** The tier the first call would go out on: the route's, or its fallback when that has no price. */
  tier: ServiceTier | null;
  contextFiles: { path: string; editable: boolean; chars: number }[];
  /** Files matched but not shown: binary or not UTF-8 (the prompt names them). */
  skippedFiles: string[];
  trimmed: string[];
  estimatedInputTokens: number;
  contextChars: number;
  maxOutputTokens: number;
  /** The first call's projected cost, exactly as the run's budget guard reserves it. */
  perAttemptUsd: number | null;
  maxAttempts: number;
  /** Every attempt at the dearest rung it could reach, plus one review; capped by the task budget. */
  worstCaseUsd: number | null;
  /** Where the worst case comes from, role by role. */
  worstCase: { role: string; calls: number; perCallUsd: number }[];
  /** Set when the run would stop before its first call: the same code and message as the run's. */
  block: { code: string; message: string } | null;
  notes: string[];
}

type PlanPorts = { workspace: Pick<WorkspacePort, "readFile" | "expandGlobs">; budget: BudgetPort };

export async function planTask(
  ports: PlanPorts,
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
  const intent = classification.intent;
  const route = routeTask({ task, intent, config, approvals });
  const plan: TaskPlan = {
    taskId: task.id,
    classification: { intent, source: classification.source, reasons: classification.reasons },
    route,
    tier: null,
    contextFiles: [],
    skippedFiles: [],
    trimmed: [],
    estimatedInputTokens: 0,
    contextChars: 0,
    maxOutputTokens: route.ok
      ? outputCapFor(route.role, task.limits.maxOutputTokensPerCall, config)
      : task.limits.maxOutputTokensPerCall,
    perAttemptUsd: null,
    maxAttempts: route.ok && route.output !== "patch" ? 1 : task.budget.maxAttempts,
    worstCaseUsd: null,
    worstCase: [],
    block: null,
    notes: [],
  };
  if (!route.ok) {
    plan.block = { code: `route.${route.refusal}`, message: route.reasons.join("; ") };
    return plan;
  }
  try {
    const first = await projectRoute(ports, task, config, route, 1);
    plan.tier = first.call.request.serviceTier;
    plan.contextFiles = first.context.files;
    plan.skippedFiles = first.context.skipped.filter((f) => f.reason === "binary").map((f) => f.path);
    plan.trimmed = first.context.trimmed;
    plan.estimatedInputTokens = first.call.inputTokens;
    plan.contextChars = first.context.chars;
    plan.perAttemptUsd = first.call.projectedUsd;
    if (first.call.fellBack) {
      plan.notes.push(
        `tier ${route.serviceTier} has no price for ${route.model}: the run falls back to ${plan.tier}`,
      );
    }
    // The guard's own reservation check, against the dry-run ledger: nothing is written.
    await ports.budget.reserve({
      runId: "plan",
      taskId: task.id,
      attempt: 1,
      role: route.role,
      model: route.model,
      requestedTier: first.call.request.serviceTier,
      reasoningEffort: route.reasoningEffort,
      estimatedInputTokens: first.call.inputTokens,
      maxOutputTokens: first.call.request.maxOutputTokens,
      projectedUsd: first.call.projectedUsd,
      taskBudgetUsd: task.budget.maxUsd,
    });
  } catch (error) {
    if (!isLeashError(error) || error.exitCode !== 3) throw error;
    plan.block = { code: error.code, message: error.message };
    return plan;
  }
  plan.worstCase = await worstCase(ports, task, config, approvals, intent, route, plan);
  const total = plan.worstCase.reduce((sum, w) => sum + w.calls * w.perCallUsd, 0);
  plan.worstCaseUsd = Math.min(round6(total), task.budget.maxUsd);
  plan.notes.push(
    "retries carry the previous patch and validator failures, so later attempts cost somewhat more input",
  );
  return plan;
}

/** The run's first call for a route, through the run's own request builder and guard figures. */
async function projectRoute(
  ports: PlanPorts,
  task: ResolvedTask,
  config: LeashConfig,
  route: RouteChoice,
  attempt: number,
): Promise<{ context: Awaited<ReturnType<typeof buildAttemptContext>>; call: ProjectedCall }> {
  const context = await buildAttemptContext(ports, task, route, undefined);
  const { request, options } = routedRequest(
    { task, config, runId: "plan" },
    route,
    {
      wantedOutput: route.output,
      instructions: context.instructions,
      input: context.input,
      contextChars: context.chars,
      attempt,
    },
    0,
  );
  const call = projectCall(ports.budget, request, options, {
    contextChars: context.chars,
    elapsedS: 0,
  });
  return { context, call };
}

/**
 * Attempt n may run on any rung the ladder can climb to by then (stagnation climbs one rung a
 * failure), and the reviewer may be asked once. Rungs that cannot be routed or priced are left out:
 * the run would stop there, not spend.
 */
async function worstCase(
  ports: PlanPorts,
  task: ResolvedTask,
  config: LeashConfig,
  approvals: string[],
  intent: Intent,
  route: RouteChoice,
  plan: TaskPlan,
): Promise<TaskPlan["worstCase"]> {
  const first = plan.perAttemptUsd ?? 0;
  if (route.output !== "patch") return [{ role: route.role, calls: 1, perCallUsd: first }];
  const rungs: { role: string; usd: number }[] = [{ role: route.role, usd: first }];
  for (let role = nextOnLadder(route.role, config); role && rungs.length < plan.maxAttempts; ) {
    const usd = await priceRole(ports, task, config, approvals, intent, role);
    if (usd === null) break;
    rungs.push({ role, usd });
    role = nextOnLadder(role, config);
  }
  const rows = new Map<string, { role: string; calls: number; perCallUsd: number }>();
  let dearest = rungs[0]!;
  for (let n = 0; n < plan.maxAttempts; n++) {
    const reachable = rungs[Math.min(n, rungs.length - 1)]!;
    if (reachable.usd > dearest.usd) dearest = reachable;
    const row = rows.get(dearest.role) ?? { role: dearest.role, calls: 0, perCallUsd: dearest.usd };
    row.calls += 1;
    rows.set(dearest.role, row);
  }
  if (plan.maxAttempts > 1) {
    const reviewer = config.routing.reviewer;
    const usd = await priceRole(ports, task, config, approvals, "diagnose", reviewer);
    if (usd !== null) rows.set(`review:${reviewer}`, { role: reviewer, calls: 1, perCallUsd: usd });
  }
  return [...rows.values()];
}

async function priceRole(
  ports: PlanPorts,
  task: ResolvedTask,
  config: LeashConfig,
  approvals: string[],
  intent: Intent,
  role: string,
): Promise<number | null> {
  const decision = routeTask({ task, intent, config, approvals, role });
  if (!decision.ok) return null;
  try {
    return (await projectRoute(ports, task, config, decision, 1)).call.projectedUsd;
  } catch (error) {
    if (isLeashError(error) && error.exitCode === 3) return null;
    throw error;
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
