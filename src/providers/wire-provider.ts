import type { ProviderSpec } from "../config/provider-specs.js";
import { createAnthropicProvider } from "./anthropic/anthropic-provider.js";
import type { RoleProvider } from "./contract.js";
import { createOpenAIProvider } from "./openai/openai-provider.js";
import { createChatProvider } from "./openai-chat/chat-provider.js";

/** Keyless endpoints still get a bearer value: the OpenAI SDK refuses to start without one. */
const NO_KEY = "no-key";

/** The adapter for a spec's wire. Each loads its SDK on the first call, so building one is cheap. */
export function createWireProvider(
  spec: ProviderSpec,
  key: string | null,
  countTokens: (text: string) => number,
): RoleProvider {
  const common = {
    name: spec.name,
    apiKey: key ?? NO_KEY,
    baseURL: spec.baseUrl,
    timeoutS: spec.timeoutS,
    flexTimeoutS: spec.flexTimeoutS,
    sendServiceTier: spec.sendServiceTier,
    sendReasoning: spec.sendReasoning,
    promptCache: spec.promptCache,
    countTokens,
    configPath: spec.field,
    apiKeyEnv: spec.apiKeyEnv,
  };
  switch (spec.wire) {
    case "responses":
      return createOpenAIProvider(common);
    case "chat_completions":
      return createChatProvider({
        ...common,
        structuredOutput: spec.structuredOutput,
        maxTokensField: spec.maxTokensField,
      });
    case "anthropic_messages":
      return createAnthropicProvider({ ...common, structuredOutput: spec.structuredOutput !== "none" });
    case "fake":
      throw new Error("the fake provider has no wire");
  }
}
