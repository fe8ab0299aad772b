import type { Anthropic } from "@anthropic-ai/sdk";
import type { ProviderRequest, ProviderResponse, RoleProvider } from "../contract.js";
import { buildMessagesBody } from "./build-request.js";
import { mapMessage } from "./map-response.js";
import { translateAnthropicError } from "./translate-error.js";

export interface AnthropicProviderOptions {
  name?: string;
  apiKey: string;
  /** null means Anthropic's own API. */
  baseURL?: string | null;
  timeoutS: number;
  sendReasoning: boolean;
  promptCache?: boolean;
  structuredOutput?: boolean;
  fetch?: typeof fetch;
  /** For messages naming the fix: the config block and the key variable. */
  configPath?: string;
  apiKeyEnv?: string | null;
}

type Sdk = typeof import("@anthropic-ai/sdk");

/**
 * The Messages API through the official `@anthropic-ai/sdk`, loaded on the first call. The
 * SDK's retries are off: each retry must pass Leash's budget guard, as with OpenAI.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): RoleProvider {
  let loaded: Promise<{ sdk: Sdk; client: Anthropic }> | undefined;
  const secrets = [options.apiKey];
  const switches = {
    sendReasoning: options.sendReasoning,
    promptCache: options.promptCache ?? true,
    structuredOutput: options.structuredOutput ?? true,
  };

  async function load(): Promise<{ sdk: Sdk; client: Anthropic }> {
    const sdk = await import("@anthropic-ai/sdk");
    const client = new sdk.Anthropic({
      apiKey: options.apiKey,
      // Explicit, so neither ANTHROPIC_AUTH_TOKEN nor a credentials profile can add a second identity.
      authToken: null,
      // Never the ANTHROPIC_BASE_URL variable: the endpoint is what leash.yaml says.
      baseURL: options.baseURL ?? "https://api.anthropic.com",
      maxRetries: 0,
      timeout: options.timeoutS * 1000,
      logLevel: "off",
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return { sdk, client };
  }

  async function call(request: ProviderRequest): Promise<ProviderResponse> {
    loaded ??= load();
    const { sdk, client } = await loaded;
    const started = performance.now();
    try {
      const timeout = request.timeoutMs > 0 ? request.timeoutMs : options.timeoutS * 1000;
      const { data, request_id } = await client.messages
        .create(buildMessagesBody(request, switches), { signal: request.signal, timeout })
        .withResponse();
      return mapMessage(data, request, {
        requestId: request_id ?? undefined,
        latencyMs: Math.round(performance.now() - started),
      });
    } catch (err) {
      throw translateAnthropicError(err, sdk, secrets, {
        provider: options.name ?? "anthropic",
        configPath: options.configPath ?? "providers.anthropic",
        wire: "anthropic_messages",
        endpoint: `${(options.baseURL ?? "https://api.anthropic.com").replace(/\/+$/, "")}/v1/messages`,
        keyEnv: options.apiKeyEnv ?? null,
        model: request.model,
        role: request.role,
      });
    }
  }

  return { name: options.name ?? "anthropic", call };
}
