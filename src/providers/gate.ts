import type { ProviderSpec } from "../config/provider-specs.js";
import { InputError } from "../errors.js";

/**
 * The opt-in gate per provider: `enabled: true` in the config and, where `api_key_env` names a
 * variable, that variable set. Returns the key (null for keyless local endpoints).
 */
export function checkGate(spec: ProviderSpec, env: NodeJS.ProcessEnv): string | null {
  const keyVar = spec.apiKeyEnv;
  const key = keyVar === null ? undefined : env[keyVar];
  const keySet = key !== undefined && key.trim() !== "";
  // The OpenAI codes predate named providers; scripts match on them.
  const legacy = spec.name === "openai" && spec.field === "provider.openai";
  if (!spec.enabled) {
    const also = keyVar !== null && !keySet ? ` The key variable ${keyVar} is not set either.` : "";
    throw new InputError(
      legacy ? "provider.openai_disabled" : "provider.disabled",
      `the ${legacy ? "OpenAI" : spec.name} provider is disabled in the config.${also}`,
      {
        location: { field: `${spec.field}.enabled` },
        hint: `Set ${spec.field}.enabled: true in leash.yaml${keyVar !== null && !keySet ? ` and export ${keyVar}` : ""}, or run with --provider fake.`,
      },
    );
  }
  if (keyVar === null) return null;
  if (!keySet || key === undefined) {
    throw new InputError(
      legacy ? "provider.openai_key_missing" : "provider.key_missing",
      `the environment variable ${keyVar} is not set or empty`,
      {
        location: { field: `${spec.field}.api_key_env` },
        hint: `Export ${keyVar} with your API key (or point ${spec.field}.api_key_env at the variable that holds it; null for an endpoint that takes no key).`,
      },
    );
  }
  return key;
}
