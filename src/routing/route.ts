import type { Intent, LeashConfig, OutputKind, ReasoningEffort, ServiceTier } from "../config/schema.js";
import { PATCH_INTENTS } from "../config/schema.js";
import type { ResolvedTask } from "../task/schema.js";
import { chooseReasoningEffort } from "./reasoning-effort.js";
import { chooseServiceTier } from "./service-tier.js";

export interface RouteChoice {
  ok: true;
  role: string;
  model: string;
  output: OutputKind;
  serviceTier: ServiceTier;
  /** The tier to retry with when the provider reports serviceTier unavailable. */
  fallbackTier: ServiceTier | null;
  reasoningEffort: ReasoningEffort;
  /** Why this role, tier and effort, in order; goes into the plan and the report. */
  reasons: string[];
}

/** Every way routing refuses; the engine maps needs_approval to exit 4 and the rest to exit 3. */
export type RouteRefusal =
  | { ok: false; refusal: "unknown_role"; role: string; reasons: string[]; hint: string }
  | { ok: false; refusal: "no_route"; intent: Intent; reasons: string[]; hint: string }
  | { ok: false; refusal: "needs_approval"; needsApproval: string; reasons: string[]; hint: string }
  | {
      ok: false;
      refusal: "output_mismatch";
      role: string;
      output: OutputKind;
      intent: Intent;
      reasons: string[];
      hint: string;
    }
  | {
      ok: false;
      refusal: "effort_not_accepted";
      role: string;
      model: string;
      reasons: string[];
      hint: string;
    };

export type RouteDecision = RouteChoice | RouteRefusal;

export interface RouteInput {
  task: Pick<ResolvedTask, "role">;
  intent: Intent;
  config: LeashConfig;
  /** Roles granted with `--approve ROLE` (or an interactive yes). */
  approvals: string[];
  /** Set when the engine climbs the ladder or calls the reviewer: overrides intent and pin. */
  role?: string;
}

/** Which outputs can serve an intent: patch intents take a patch or (reviewers) a diagnosis. */
function outputsFor(intent: Intent): OutputKind[] {
  if ((PATCH_INTENTS as readonly string[]).includes(intent)) return ["patch", "diagnosis"];
  if (intent === "diagnose") return ["diagnosis"];
  return ["classification"];
}

export function routeTask(input: RouteInput): RouteDecision {
  const { config, intent, task } = input;
  const reasons: string[] = [];
  let role: string;
  if (input.role !== undefined) {
    role = input.role;
    reasons.push(`role ${role} chosen by the engine (escalation or review)`);
  } else if (task.role !== undefined) {
    role = task.role;
    reasons.push(`role ${role} pinned by the task's role`);
  } else {
    const mapped = config.routing.intents[intent];
    if (mapped === undefined) {
      return {
        ok: false,
        refusal: "no_route",
        intent,
        reasons: [`intent ${intent} has no entry in routing.intents`],
        hint: `add \`${intent}: <role>\` under routing.intents in leash.yaml, or pin a role in the task`,
      };
    }
    role = mapped;
    reasons.push(`intent ${intent} → ${role} via routing.intents`);
  }
  const roleConfig = config.roles[role];
  if (roleConfig === undefined) {
    return {
      ok: false,
      refusal: "unknown_role",
      role,
      reasons: [...reasons, `role ${role} is not defined under roles`],
      hint: `use one of: ${Object.keys(config.roles).join(", ")}`,
    };
  }
  if (!outputsFor(intent).includes(roleConfig.output)) {
    return {
      ok: false,
      refusal: "output_mismatch",
      role,
      output: roleConfig.output,
      intent,
      reasons: [
        ...reasons,
        `role ${role} returns ${roleConfig.output}; intent ${intent} needs ${outputsFor(intent).join(" or ")}`,
      ],
      hint: `pin a role whose output is ${outputsFor(intent)[0]}, or change the task's intent`,
    };
  }
  if (roleConfig.requires_approval === true) {
    if (!input.approvals.includes(role)) {
      return {
        ok: false,
        refusal: "needs_approval",
        needsApproval: role,
        reasons: [...reasons, `role ${role} requires approval and none was given`],
        hint: `rerun with --approve ${role}`,
      };
    }
    reasons.push(`role ${role} approved by the operator`);
  }
  const model = roleConfig.model;
  const tier = chooseServiceTier(config, role, model);
  const effort = chooseReasoningEffort(config, role, model);
  if (!effort.ok) {
    return {
      ok: false,
      refusal: "effort_not_accepted",
      role,
      model,
      reasons: [...reasons, effort.reason],
      hint: `set roles.${role}.reasoning_effort to one of ${effort.accepted.join(", ")}`,
    };
  }
  return {
    ok: true,
    role,
    model,
    output: roleConfig.output,
    serviceTier: tier.tier,
    fallbackTier: tier.fallback,
    reasoningEffort: effort.effort,
    reasons: [...reasons, `model ${model}`, ...tier.reasons, ...effort.reasons],
  };
}
