import type { FakeError, FakeResponse } from "../../task/schema.js";
import type { ProviderRequest, ProviderResponse, RoleProvider, TokenUsage } from "../contract.js";
import { ProviderError } from "../contract.js";
import { parseModelOutput } from "../parse-model-output.js";
import { scriptedText, scriptRanOutText } from "./scripted-output.js";

export interface FakeProviderOptions {
  responses: FakeResponse[];
  /** The tokenizer the budget estimate uses, so unscripted usage matches the estimate's counting. */
  countTokens: (text: string) => number;
}

type UsageOverride = FakeResponse["usage"];

/**
 * Serves scripted answers in order (SPEC §4), never touching the network. Latency is reported
 * as 0 and request ids are derived from the call, so the same script gives byte-identical
 * responses and ledger rows on every run.
 */
export function createFakeProvider(options: FakeProviderOptions): RoleProvider {
  const script = [...options.responses];
  let calls = 0;

  async function call(request: ProviderRequest): Promise<ProviderResponse> {
    const index = calls;
    calls += 1;
    const requestId = `fake-${request.taskId}-${request.attempt}-${index + 1}`;
    const scripted = script[index];
    if (scripted === undefined) {
      const rawText = scriptRanOutText(index + 1, script.length);
      const parsed = parseModelOutput(rawText, "diagnosis");
      return respond(request, rawText, parsed.ok ? parsed.output : null, undefined, requestId);
    }
    if ("error" in scripted) throw scriptedError(scripted.error, request, scripted.usage, requestId);
    const rawText = scriptedText(scripted);
    const parsed = parseModelOutput(rawText, request.wantedOutput);
    return respond(
      request,
      rawText,
      parsed.ok ? parsed.output : null,
      parsed.ok ? undefined : parsed.reason,
      requestId,
      scripted.usage,
    );
  }

  function respond(
    request: ProviderRequest,
    rawText: string,
    output: ProviderResponse["output"],
    parseError: string | undefined,
    requestId: string,
    override?: UsageOverride,
  ): ProviderResponse {
    const response: ProviderResponse = {
      rawText,
      output,
      usage: usageFor(request, options.countTokens(rawText), override),
      usageReported: true,
      model: request.model,
      serviceTier: request.serviceTier,
      finishReason: "stop",
      latencyMs: 0,
      requestId,
    };
    if (parseError !== undefined) response.parseError = parseError;
    return response;
  }

  function usageFor(request: ProviderRequest, outputTokens: number, override?: UsageOverride): TokenUsage {
    return {
      input:
        override?.input_tokens ??
        options.countTokens(request.instructions) + options.countTokens(request.input),
      cachedInput: override?.cached_input_tokens ?? 0,
      output: override?.output_tokens ?? outputTokens,
      reasoning: override?.reasoning_tokens ?? 0,
    };
  }

  function scriptedError(
    error: FakeError,
    request: ProviderRequest,
    override: UsageOverride,
    requestId: string,
  ): ProviderError {
    const tier = request.serviceTier;
    switch (error) {
      case "rate_limit":
        return new ProviderError("rate_limited", "fake: rate limited (scripted)", true, {
          status: 429,
          serviceTier: tier,
          requestId,
        });
      case "timeout":
        return new ProviderError("timeout", "fake: the call timed out (scripted)", true, {
          serviceTier: tier,
          requestId,
        });
      case "server_error":
        return new ProviderError("server_error", "fake: server error (scripted)", true, {
          status: 500,
          serviceTier: tier,
          requestId,
        });
      case "flex_unavailable":
        // No actual tier: the call was refused before any tier served it.
        return new ProviderError(
          "tier_unavailable",
          `fake: the ${tier} tier is unavailable (scripted)`,
          true,
          {
            status: 429,
            requestId,
          },
        );
      case "truncated":
        return new ProviderError(
          "truncated",
          `fake: the answer hit max_output_tokens (${request.maxOutputTokens}) and was cut off (scripted)`,
          false,
          { usage: usageFor(request, request.maxOutputTokens, override), serviceTier: tier, requestId },
        );
    }
  }

  return { name: "fake", simulated: true, call };
}
