import type { LeashConfig, NamedProviderConfig, Wire } from "./schema.js";

/** One named endpoint with every switch decided: the config's value, else the wire's default. */
export interface ProviderSpec {
  name: string;
  wire: Wire | "fake";
  enabled: boolean;
  apiKeyEnv: string | null;
  baseUrl: string | null;
  timeoutS: number;
  flexTimeoutS: number;
  sendServiceTier: boolean;
  sendReasoning: boolean;
  structuredOutput: "json_schema" | "json_object" | "none";
  maxTokensField: "max_completion_tokens" | "max_tokens";
  promptCache: boolean;
  maxRetries: number;
  /** Where leash.yaml declares it, for messages that point the operator at the fix. */
  field: string;
}

const FAKE: ProviderSpec = {
  name: "fake",
  wire: "fake",
  enabled: true,
  apiKeyEnv: null,
  baseUrl: null,
  timeoutS: 120,
  flexTimeoutS: 900,
  sendServiceTier: true,
  sendReasoning: true,
  structuredOutput: "json_schema",
  maxTokensField: "max_completion_tokens",
  promptCache: false,
  maxRetries: 2,
  field: "provider.default",
};

/**
 * Every provider a config can name: `fake`, `openai` (from the older `provider.openai` block
 * unless `providers.openai` is declared) and each key of `providers`.
 */
export function providerSpecs(config: LeashConfig): Map<string, ProviderSpec> {
  const specs = new Map<string, ProviderSpec>([["fake", FAKE]]);
  const legacy = config.provider.openai;
  specs.set("openai", {
    name: "openai",
    wire: "responses",
    enabled: legacy.enabled,
    apiKeyEnv: legacy.api_key_env,
    baseUrl: legacy.base_url,
    timeoutS: legacy.timeout_s,
    flexTimeoutS: legacy.flex_timeout_s,
    sendServiceTier: legacy.send_service_tier,
    sendReasoning: legacy.send_reasoning,
    structuredOutput: "json_schema",
    maxTokensField: "max_completion_tokens",
    promptCache: legacy.base_url === null,
    maxRetries: legacy.max_retries,
    field: "provider.openai",
  });
  for (const [name, declared] of Object.entries(config.providers ?? {})) {
    if (name === "fake") continue;
    specs.set(name, fromDeclared(name, declared));
  }
  return specs;
}

function fromDeclared(name: string, p: NamedProviderConfig): ProviderSpec {
  // OpenAI's and Anthropic's own endpoints take every field; compatible servers often reject
  // the optional ones, so those are off unless switched on (OPENAI_NOTES).
  const own = p.base_url === null || p.base_url === undefined;
  const keyDefault = p.wire === "anthropic_messages" ? "ANTHROPIC_API_KEY" : own ? "OPENAI_API_KEY" : null;
  return {
    name,
    wire: p.wire,
    enabled: p.enabled ?? false,
    apiKeyEnv: p.api_key_env === undefined ? keyDefault : p.api_key_env,
    baseUrl: p.base_url ?? null,
    timeoutS: p.timeout_s ?? 120,
    flexTimeoutS: p.flex_timeout_s ?? 900,
    sendServiceTier: p.send_service_tier ?? (p.wire === "responses" && own),
    // Extended thinking eats the output cap and is billed as output: opt in on Anthropic.
    sendReasoning: p.send_reasoning ?? (p.wire === "responses" || (own && p.wire === "chat_completions")),
    structuredOutput: p.structured_output ?? "json_schema",
    maxTokensField: p.max_tokens_field ?? (own ? "max_completion_tokens" : "max_tokens"),
    // cache_control is part of the Messages API itself; prompt_cache_key is OpenAI's own field.
    promptCache: p.prompt_cache ?? (own || p.wire === "anthropic_messages"),
    maxRetries: p.max_retries ?? 2,
    field: `providers.${name}`,
  };
}

/** The provider a role calls: `--provider` for the whole run, else the role's own, else the default. */
export function providerNameFor(config: LeashConfig, role: string, override?: string): string {
  if (override !== undefined) return override;
  return config.roles[role]?.provider ?? config.provider.default;
}

export function providerSpecFor(config: LeashConfig, name: string): ProviderSpec | undefined {
  return providerSpecs(config).get(name);
}
