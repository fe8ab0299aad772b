import type { LeashConfig } from "../config/schema.js";

/**
 * The output cap of a call by a role: the task's `max_output_tokens_per_call` (itself never above
 * the config's), tightened by `roles.<role>.max_output_tokens`. A role cap never loosens it.
 */
export function outputCapFor(role: string, taskCap: number, config: Pick<LeashConfig, "roles">): number {
  const own = Object.hasOwn(config.roles, role) ? config.roles[role]?.max_output_tokens : undefined;
  return own === undefined ? taskCap : Math.min(taskCap, own);
}
