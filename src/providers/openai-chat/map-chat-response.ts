import type { ChatCompletion } from "openai/resources/chat/completions/completions";
import type { ProviderRequest, ProviderResponse, TokenUsage } from "../contract.js";
import { ProviderError } from "../contract.js";
import { actualTier, type CallFacts } from "../openai/map-response.js";
import { parseModelOutput } from "../parse-model-output.js";
import { unfenceJson } from "../shape-instructions.js";

/**
 * A Chat Completions answer in the contract. Usage is billed from what the server reports; a
 * server that reports none (many local ones) gets the tokenizer's count, marked as estimated.
 */
export function mapChatResponse(
  completion: ChatCompletion,
  request: ProviderRequest,
  facts: CallFacts,
): ProviderResponse {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const rawText = message?.content ?? "";
  const reported = completion.usage !== undefined && completion.usage !== null;
  const usage = reported ? usageOf(completion) : estimate(request, rawText, facts.countTokens);
  const serviceTier = actualTier(completion.service_tier, request.serviceTier);
  const extra = { usage, serviceTier, requestId: facts.requestId, rawText };

  if (typeof message?.refusal === "string" && message.refusal !== "")
    throw new ProviderError("refused", `the model refused: ${message.refusal}`, false, extra);
  if (choice?.finish_reason === "length") {
    throw new ProviderError(
      "truncated",
      `the answer hit the output cap (${request.maxOutputTokens} tokens) and was cut off`,
      false,
      extra,
    );
  }
  if (choice?.finish_reason === "content_filter")
    throw new ProviderError("refused", "the answer was stopped by the content filter", false, extra);
  if (choice === undefined)
    throw new ProviderError("server_error", "the server answered with no choices", true, extra);

  const parsed = parseModelOutput(unfenceJson(rawText), request.wantedOutput);
  const mapped: ProviderResponse = {
    rawText,
    output: parsed.ok ? parsed.output : null,
    usage,
    usageReported: reported,
    model: completion.model || request.model,
    serviceTier,
    finishReason: "stop",
    latencyMs: facts.latencyMs,
  };
  if (!parsed.ok) mapped.parseError = parsed.reason;
  if (facts.requestId !== undefined) mapped.requestId = facts.requestId;
  return mapped;
}

function usageOf(completion: ChatCompletion): TokenUsage {
  const usage = completion.usage;
  return {
    input: usage?.prompt_tokens ?? 0,
    cachedInput: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    output: usage?.completion_tokens ?? 0,
    reasoning: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

function estimate(request: ProviderRequest, rawText: string, count?: (text: string) => number): TokenUsage {
  if (!count) return { input: 0, cachedInput: 0, output: 0, reasoning: 0 };
  return {
    input: count(request.instructions) + count(request.input),
    cachedInput: 0,
    output: count(rawText),
    reasoning: 0,
  };
}
