import type { Message } from "@anthropic-ai/sdk/resources/messages/messages";
import type { ProviderRequest, ProviderResponse, TokenUsage } from "../contract.js";
import { ProviderError } from "../contract.js";
import { parseModelOutput } from "../parse-model-output.js";
import { unfenceJson } from "../shape-instructions.js";
import { OUTPUT_TOOL } from "./build-request.js";

export interface AnthropicCallFacts {
  requestId: string | undefined;
  latencyMs: number;
}

/**
 * A Messages API answer in the contract. Anthropic's `input_tokens` excludes cache reads and
 * writes; Leash's `input` counts every billed input token, so the three are added and the two
 * cache figures kept as subsets, each priced at its own rate.
 */
export function mapMessage(
  message: Message,
  request: ProviderRequest,
  facts: AnthropicCallFacts,
): ProviderResponse {
  const rawText = answerText(message);
  const usage = usageOf(message);
  const extra = { usage, serviceTier: request.serviceTier, requestId: facts.requestId, rawText };
  switch (message.stop_reason) {
    case "max_tokens":
      throw new ProviderError(
        "truncated",
        `the answer hit max_tokens (${request.maxOutputTokens}) and was cut off`,
        false,
        extra,
      );
    case "model_context_window_exceeded":
      throw new ProviderError("truncated", "the answer ran into the model's context window", false, extra);
    case "refusal":
      throw new ProviderError("refused", "the model refused to answer", false, extra);
    default:
      break;
  }
  const parsed = parseModelOutput(unfenceJson(rawText), request.wantedOutput);
  const mapped: ProviderResponse = {
    rawText,
    output: parsed.ok ? parsed.output : null,
    usage,
    usageReported: true,
    model: message.model || request.model,
    // Anthropic has no flex tier; every call bills at the standard rate.
    serviceTier: "default",
    finishReason: "stop",
    latencyMs: facts.latencyMs,
  };
  if (!parsed.ok) mapped.parseError = parsed.reason;
  if (facts.requestId !== undefined) mapped.requestId = facts.requestId;
  return mapped;
}

/** The forced tool's input when there is one, else the text blocks. */
function answerText(message: Message): string {
  for (const block of message.content ?? []) {
    if (block.type === "tool_use" && block.name === OUTPUT_TOOL) return JSON.stringify(block.input);
  }
  return (message.content ?? []).flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
}

function usageOf(message: Message): TokenUsage {
  const u = message.usage;
  const read = u?.cache_read_input_tokens ?? 0;
  const write = u?.cache_creation_input_tokens ?? 0;
  return {
    input: (u?.input_tokens ?? 0) + read + write,
    cachedInput: read,
    cacheWrite: write,
    output: u?.output_tokens ?? 0,
    reasoning: u?.output_tokens_details?.thinking_tokens ?? 0,
  };
}
