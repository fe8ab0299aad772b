import { ProviderError, type ProviderErrorExtra } from "./contract.js";

/**
 * The classification of HTTP failures shared by every HTTP wire (Responses, Chat Completions,
 * Anthropic Messages): which statuses are retryable, which are fatal, and the fix to show.
 * A wire checks its own special cases first (e.g. flex capacity), then calls these.
 */

/** Where a call went, for messages that name the endpoint and the fix. */
export interface EndpointFacts {
  /** The provider's configured name, e.g. `openai`. */
  provider: string;
  /** The config block holding base_url and api_key_env, e.g. `provider.openai`. */
  configPath: string;
  wire: "responses" | "chat_completions" | "anthropic_messages";
  /** base_url + path, e.g. `https://api.openai.com/v1/responses`. */
  endpoint: string;
  /** The environment variable holding the key; null for servers that need none. */
  keyEnv: string | null;
  model: string;
  role: string;
}

type Extra = Omit<ProviderErrorExtra, "fatal" | "endpoint" | "provider" | "hint">;

/** An HTTP error status as a ProviderError with `retryable`, `fatal` and, when fatal, the fix. */
export function errorForHttpStatus(
  status: number,
  detail: string,
  facts: EndpointFacts,
  extra: Extra = {},
): ProviderError {
  const text = `HTTP ${status}: ${detail}`;
  const at = { provider: facts.provider, endpoint: facts.endpoint };
  if (status === 429) return new ProviderError("rate_limited", text, true, { ...extra, ...at });
  if (status === 408 || status === 409 || status >= 500)
    return new ProviderError("server_error", text, true, { ...extra, ...at });
  const fatal = (kind: "auth" | "not_found" | "bad_request", hint: string) =>
    new ProviderError(kind, `${facts.provider}: ${facts.endpoint} answered ${text}`, false, {
      ...extra,
      ...at,
      status,
      fatal: true,
      hint,
    });
  const model = `the model name \`${facts.model}\` (roles.${facts.role}.model)`;
  if (status === 401) {
    return fatal(
      "auth",
      facts.keyEnv === null
        ? `the server wants a key: set ${facts.configPath}.api_key_env to the variable holding it`
        : `the key in ${facts.keyEnv} was refused: export a valid key in ${facts.keyEnv}, or point ${facts.configPath}.api_key_env at the variable that holds it`,
    );
  }
  if (status === 403) {
    return fatal(
      "auth",
      `the key in ${facts.keyEnv ?? "(none)"} may not use this model or project: use a key with access, or change ${model}`,
    );
  }
  if (status === 404) {
    return fatal(
      "not_found",
      `check ${facts.configPath}.base_url (OpenAI-compatible servers usually end in /v1), that the server speaks the ${facts.wire} wire protocol (${pathOf(facts.endpoint)}), and ${model}`,
    );
  }
  // Many OpenAI-compatible servers take JSON mode but not strict schemas, and say so in the 400.
  if (facts.wire === "chat_completions" && /response_format|json_schema/i.test(detail)) {
    return fatal(
      "bad_request",
      `the server does not take JSON-schema structured output: set ${facts.configPath}.structured_output: json_object (JSON mode) or none (the answer is still checked against the schema)`,
    );
  }
  return fatal(
    "bad_request",
    `the server refused the request as invalid: check ${model}, the wire protocol (${facts.wire}), and ${facts.configPath}.send_service_tier / send_reasoning for servers that reject those fields`,
  );
}

/**
 * Nothing answered (refused, DNS, reset before a response). Retryable, because a blip passes;
 * fatal, because once the bounded retries are used up another attempt would only fail again.
 */
export function unreachableError(cause: string, facts: EndpointFacts): ProviderError {
  return new ProviderError(
    "unreachable",
    `${facts.provider}: cannot reach ${facts.endpoint}: ${cause}`,
    true,
    {
      provider: facts.provider,
      endpoint: facts.endpoint,
      fatal: true,
      hint: `check ${facts.configPath}.base_url, that the server is running and reachable from here, and any proxy settings`,
    },
  );
}

function pathOf(endpoint: string): string {
  try {
    return `POST ${new URL(endpoint).pathname}`;
  } catch {
    return endpoint;
  }
}
