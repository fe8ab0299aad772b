import { type RouteDecision, type RouteInput, routeTask } from "../routing/route.js";
import type { EnginePorts } from "./ports.js";
import type { RunInput } from "./run-input.js";

/**
 * Routes, and when the role needs approval asks the operator once (a yes at the TTY) and routes
 * again; never approves by default. The builder loop and the reviewer both route through here.
 */
export async function routeWithApproval(
  ports: Pick<EnginePorts, "askApproval" | "recorder">,
  input: RunInput,
  ask: Omit<RouteInput, "task" | "config" | "approvals">,
): Promise<RouteDecision> {
  const route = () =>
    routeTask({ task: input.task, config: input.config, approvals: input.approvals, ...ask });
  const decision = route();
  if (decision.ok || decision.refusal !== "needs_approval") return decision;
  if (!(await ports.askApproval?.(decision.needsApproval))) return decision;
  input.approvals.push(decision.needsApproval);
  ports.recorder.emit("route", "approved_interactively", { role: decision.needsApproval });
  return route();
}
