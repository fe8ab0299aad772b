import type { LeashConfig } from "../config/schema.js";
import { BUILDER_ROLES } from "./service-tier.js";

/**
 * The role to climb to after a stagnating attempt, or null at the top. A role not on the
 * ladder is placed by the builders' canonical order (mechanical_worker < simple_builder <
 * general_builder < coding_optimized_builder): the lowest rung above it. A role with no
 * known place (a reviewer, a custom role) starts at the ladder's bottom.
 */
export function nextOnLadder(current: string, config: LeashConfig): string | null {
  const ladder = config.routing.escalation_ladder;
  const at = ladder.indexOf(current);
  if (at >= 0) return ladder[at + 1] ?? null;
  const rank = (role: string) => (BUILDER_ROLES as readonly string[]).indexOf(role);
  const mine = rank(current);
  if (mine < 0) return ladder.find((r) => r !== current) ?? null;
  return ladder.find((r) => rank(r) > mine || rank(r) < 0) ?? null;
}
