import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions/completions";
import type { ProviderRequest } from "../contract.js";
import { outputJsonSchema } from "../output-json-schema.js";
import { withShapeSpelledOut } from "../shape-instructions.js";
import { promptCacheKey } from "../stable-prefix.js";

export interface ChatSwitches {
  sendServiceTier: boolean;
  sendReasoning: boolean;
  promptCache: boolean;
  /** What the endpoint can enforce: a strict schema, JSON mode, or nothing (the prompt alone). */
  structuredOutput: "json_schema" | "json_object" | "none";
  /** OpenAI wants max_completion_tokens (reasoning models reject max_tokens); most servers max_tokens. */
  maxTokensField: "max_completion_tokens" | "max_tokens";
}

/**
 * The Chat Completions body: the system message (instructions) first and the user message
 * (goal, files, then feedback) second, so the stable prefix leads for prompt caches.
 */
export function buildChatBody(
  request: ProviderRequest,
  switches: ChatSwitches,
): ChatCompletionCreateParamsNonStreaming {
  const strict = switches.structuredOutput === "json_schema";
  const system = strict
    ? request.instructions
    : withShapeSpelledOut(request.instructions, request.wantedOutput);
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    messages: [
      { role: "system", content: system },
      { role: "user", content: request.input },
    ],
  };
  body[switches.maxTokensField] = request.maxOutputTokens;
  if (strict) {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: "leash_output", schema: outputJsonSchema(request.wantedOutput), strict: true },
    };
  } else if (switches.structuredOutput === "json_object") {
    body.response_format = { type: "json_object" };
  }
  if (switches.sendReasoning) body.reasoning_effort = request.reasoningEffort;
  if (switches.sendServiceTier) body.service_tier = request.serviceTier;
  if (switches.promptCache) body.prompt_cache_key = promptCacheKey(request.taskId);
  return body;
}
