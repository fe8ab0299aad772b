import type { LeashConfig } from "../config/schema.js";
import { bwrapAvailability } from "./sandbox-check.js";

/**
 * The warning for `sandbox: auto` where bubblewrap cannot run: shown by check, plan and the run
 * report, so nobody believes validators are sandboxed when they are not. Commands that say
 * `none` (deliberately) or `bwrap` (which fails loudly instead) never cause it.
 */
export async function unsandboxedWarning(
  config: Pick<LeashConfig, "commands" | "sandbox">,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const auto = Object.entries(config.commands)
    .filter(([, c]) => (c.sandbox ?? config.sandbox.default) === "auto")
    .map(([name]) => name);
  if (auto.length === 0) return undefined;
  const available = await bwrapAvailability(env.PATH);
  if (available.usable) return undefined;
  return `validators run unsandboxed (sandbox: auto; ${available.reason}): ${auto.join(", ")} can read your home directory and reach the network. Install bubblewrap (apt-get install bubblewrap), or set sandbox.default: none in leash.yaml to run them unsandboxed deliberately`;
}
