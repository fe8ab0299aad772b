import type { ProviderRequest, ProviderResponse, RoleProvider } from "../contract.js";
import {
  type LoadedClient,
  loadOpenAIClient,
  type OpenAIProviderOptions,
  timeoutFor,
} from "../openai/openai-provider.js";
import { translateSdkError } from "../openai/translate-error.js";
import { buildChatBody, type ChatSwitches } from "./build-chat-request.js";
import { mapChatResponse } from "./map-chat-response.js";

export type ChatProviderOptions = OpenAIProviderOptions &
  Pick<ChatSwitches, "structuredOutput" | "maxTokensField">;

/**
 * `/v1/chat/completions` through the official SDK: what Ollama, llama.cpp, LM Studio, vLLM,
 * LiteLLM, OpenRouter, Groq, DeepSeek, Together and Azure serve. SDK retries are off; Leash's
 * budget guard decides every retry.
 */
export function createChatProvider(options: ChatProviderOptions): RoleProvider {
  let loaded: Promise<LoadedClient> | undefined;
  const secrets = [options.apiKey];
  const switches: ChatSwitches = {
    sendServiceTier: options.sendServiceTier,
    sendReasoning: options.sendReasoning,
    promptCache: options.promptCache ?? false,
    structuredOutput: options.structuredOutput,
    maxTokensField: options.maxTokensField,
  };

  async function call(request: ProviderRequest): Promise<ProviderResponse> {
    loaded ??= loadOpenAIClient(options);
    const { sdk, client } = await loaded;
    const started = performance.now();
    try {
      const { data, request_id } = await client.chat.completions
        .create(buildChatBody(request, switches), {
          signal: request.signal,
          timeout: timeoutFor(request, options),
        })
        .withResponse();
      return mapChatResponse(data, request, {
        requestId: request_id ?? undefined,
        latencyMs: Math.round(performance.now() - started),
        countTokens: options.countTokens,
      });
    } catch (err) {
      throw translateSdkError(err, sdk, secrets, {
        provider: options.name ?? "chat_completions",
        configPath: options.configPath ?? `providers.${options.name ?? "local"}`,
        wire: "chat_completions",
        endpoint: `${(options.baseURL ?? "https://api.openai.com/v1").replace(/\/+$/, "")}/chat/completions`,
        keyEnv: options.apiKeyEnv ?? null,
        model: request.model,
        role: request.role,
      });
    }
  }

  return { name: options.name ?? "chat_completions", call };
}
