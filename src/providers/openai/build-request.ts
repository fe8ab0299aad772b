import type { ResponseCreateParamsNonStreaming } from "openai/resources/responses/responses";
import type { ProviderRequest } from "../contract.js";
import { outputJsonSchema } from "../output-json-schema.js";
import { promptCacheKey } from "../stable-prefix.js";

export interface RequestSwitches {
  /** OpenAI-compatible servers may reject these fields (OPENAI_NOTES): per-endpoint switches. */
  sendServiceTier: boolean;
  sendReasoning: boolean;
  /** Sends `prompt_cache_key` so the task's retries land on the same cache. */
  promptCache?: boolean;
}

/**
 * The Responses API body for one call: stateless (`store: false`), strict structured output.
 * The stable part leads (instructions, then goal and files; feedback last) so OpenAI's automatic
 * prompt cache matches it on retries.
 */
export function buildResponsesBody(
  request: ProviderRequest,
  switches: RequestSwitches,
): ResponseCreateParamsNonStreaming {
  const body: ResponseCreateParamsNonStreaming = {
    model: request.model,
    instructions: request.instructions,
    input: request.input,
    store: false,
    max_output_tokens: request.maxOutputTokens,
    text: {
      format: {
        type: "json_schema",
        name: "leash_output",
        schema: outputJsonSchema(request.wantedOutput),
        strict: true,
      },
    },
  };
  if (switches.sendReasoning) body.reasoning = { effort: request.reasoningEffort };
  if (switches.sendServiceTier) body.service_tier = request.serviceTier;
  if (switches.promptCache) body.prompt_cache_key = promptCacheKey(request.taskId);
  return body;
}
