import type { CommandConfig, SandboxKind } from "../config/schema.js";
import { InputError } from "../errors.js";
import type { CommandSpec } from "./contract.js";

/** Only names from the config's `commands` can run; anything else is refused before a spawn. */
export function resolveCommand(
  commands: Record<string, CommandConfig>,
  name: string,
  sandboxDefault: SandboxKind = "none",
): CommandSpec {
  const config = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!config) {
    const allowed = Object.keys(commands).sort();
    throw new InputError("exec.not_allowed", `command "${name}" is not in the allowlist`, {
      location: { field: `commands.${name}` },
      hint:
        allowed.length > 0
          ? `allowed commands: ${allowed.join(", ")}; add "${name}" under commands: in leash.yaml to allow it`
          : `leash.yaml has no commands; add "${name}" under commands: with an argv list`,
      details: { allowed },
    });
  }
  const sandbox = config.sandbox ?? sandboxDefault;
  return {
    name,
    argv: [...config.argv],
    timeoutS: config.timeout_s,
    envPass: config.env_pass,
    maxOutputBytes: config.max_output_bytes,
    sandbox,
    ...(config.env === undefined ? {} : { env: { ...config.env } }),
  };
}
