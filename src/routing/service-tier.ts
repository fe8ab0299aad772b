import { providerNameFor, providerSpecFor } from "../config/provider-specs.js";
import type { LeashConfig, ServiceTier } from "../config/schema.js";

/** The roles SPEC §10 names as builders; any role whose output is `patch` counts too. */
export const BUILDER_ROLES = [
  "mechanical_worker",
  "simple_builder",
  "general_builder",
  "coding_optimized_builder",
] as const;

export function isBuilderRole(role: string, config: LeashConfig): boolean {
  return (BUILDER_ROLES as readonly string[]).includes(role) || config.roles[role]?.output === "patch";
}

export interface TierChoice {
  tier: ServiceTier;
  /** The tier to retry with when the provider reports this one unavailable; null when none. */
  fallback: ServiceTier | null;
  reasons: string[];
}

function offered(config: LeashConfig, role: string, model: string, tier: ServiceTier): boolean {
  const tiers = config.pricing.models[model]?.tiers;
  return (tiers === undefined || tiers.includes(tier)) && endpointTakes(config, role, tier);
}

/**
 * An endpoint that is sent no service tier (Anthropic, most compatible servers) bills the
 * standard rate, so only `default` may be asked for and reserved there: a flex reservation at
 * half price would be an overrun waiting to happen.
 */
function endpointTakes(config: LeashConfig, role: string, tier: ServiceTier): boolean {
  if (tier === "default") return true;
  const spec = providerSpecFor(config, providerNameFor(config, role));
  return (
    spec === undefined || spec.wire === "fake" || (spec.sendServiceTier && spec.wire !== "anthropic_messages")
  );
}

/**
 * Candidate order: the role's own tier, else (builders) the policy's preferred then fallback,
 * else (other roles) `default`; then `default` as the last resort. A candidate is skipped when
 * it is priority without allow_priority, or the model's pricing does not offer it.
 */
export function chooseServiceTier(config: LeashConfig, role: string, model: string): TierChoice {
  const pref = config.policy.builder_service_tier_preference;
  const own = config.roles[role]?.service_tier;
  const reasons: string[] = [];
  let candidates: ServiceTier[];
  if (own !== undefined) {
    candidates = [own, pref.fallback, "default"];
    reasons.push(`tier ${own}: the role's own service_tier`);
  } else if (isBuilderRole(role, config)) {
    candidates = [pref.preferred, pref.fallback, "default"];
    reasons.push(`tier ${pref.preferred}: builders follow policy.builder_service_tier_preference.preferred`);
  } else {
    candidates = ["default"];
    reasons.push("tier default: only builders ask for the preferred (cheaper) tier");
  }
  const usable: ServiceTier[] = [];
  for (const tier of candidates) {
    if (usable.includes(tier)) continue;
    if (tier === "priority" && !pref.allow_priority) {
      reasons.push("skipped priority: policy allow_priority is false");
      continue;
    }
    if (!offered(config, role, model, tier)) {
      reasons.push(`skipped ${tier}: pricing for ${model} or its provider does not offer it`);
      continue;
    }
    usable.push(tier);
  }
  const tier = usable[0] ?? "default";
  if (usable.length === 0) reasons.push(`no candidate tier offered for ${model}: using default`);
  else if (tier !== candidates[0]) reasons.push(`tier ${tier}: the first usable fallback`);
  return { tier, fallback: usable[1] ?? null, reasons };
}
