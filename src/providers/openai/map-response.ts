import type { Response as OpenAIResponse } from "openai/resources/responses/responses";
import type { ServiceTier } from "../../config/schema.js";
import type { ProviderRequest, ProviderResponse, TokenUsage } from "../contract.js";
import { ProviderError } from "../contract.js";
import { parseModelOutput } from "../parse-model-output.js";

export interface CallFacts {
  requestId: string | undefined;
  latencyMs: number;
  /** Estimates usage when a compatible server reports none. */
  countTokens?: (text: string) => number;
}

/**
 * Turns a Responses API object into the contract. Billing facts come from the response, not
 * the request: the tier actually used and the usage reported, even when the answer is cut off.
 */
export function mapResponse(
  response: OpenAIResponse,
  request: ProviderRequest,
  facts: CallFacts,
): ProviderResponse {
  const rawText = response.output_text ?? "";
  const reported = response.usage !== undefined && response.usage !== null;
  const usage = reported ? usageOf(response) : estimate(request, rawText, facts.countTokens);
  const serviceTier = actualTier(response.service_tier, request.serviceTier);
  const extra = { usage, serviceTier, requestId: facts.requestId, rawText };

  const refusal = refusalOf(response);
  if (refusal !== undefined)
    throw new ProviderError("refused", `the model refused: ${refusal}`, false, extra);

  if (response.status === "incomplete") {
    const reason = response.incomplete_details?.reason ?? "unknown";
    if (reason === "max_output_tokens") {
      throw new ProviderError(
        "truncated",
        `the answer hit max_output_tokens (${request.maxOutputTokens}) and was cut off`,
        false,
        extra,
      );
    }
    throw new ProviderError("refused", `the response is incomplete (${reason})`, false, extra);
  }
  if (response.status === "failed") {
    const message = response.error?.message ?? "no error message";
    throw new ProviderError("server_error", `the response failed: ${message}`, true, extra);
  }

  const parsed = parseModelOutput(rawText, request.wantedOutput);
  const mapped: ProviderResponse = {
    rawText,
    output: parsed.ok ? parsed.output : null,
    usage,
    usageReported: reported,
    model: response.model || request.model,
    serviceTier,
    finishReason: "stop",
    latencyMs: facts.latencyMs,
  };
  if (!parsed.ok) mapped.parseError = parsed.reason;
  if (facts.requestId !== undefined) mapped.requestId = facts.requestId;
  return mapped;
}

function usageOf(response: OpenAIResponse): TokenUsage {
  const usage = response.usage;
  return {
    input: usage?.input_tokens ?? 0,
    cachedInput: usage?.input_tokens_details?.cached_tokens ?? 0,
    output: usage?.output_tokens ?? 0,
    reasoning: usage?.output_tokens_details?.reasoning_tokens ?? 0,
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

/** `auto` and `scale` bill at standard rates; a server that does not echo the tier is taken at its word. */
export function actualTier(reported: string | null | undefined, requested: ServiceTier): ServiceTier {
  if (reported === "flex" || reported === "priority" || reported === "default") return reported;
  if (reported === "fast") return "priority";
  if (reported === "auto" || reported === "scale") return "default";
  return requested;
}

function refusalOf(response: OpenAIResponse): string | undefined {
  for (const item of response.output ?? []) {
    if (item.type !== "message") continue;
    for (const part of item.content) {
      if (part.type === "refusal") return part.refusal;
    }
  }
  return undefined;
}
