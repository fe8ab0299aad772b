import type { ServiceTier } from "../config/schema.js";
import { BlockedError } from "../errors.js";
import { ProviderError, type ProviderRequest, type ProviderResponse } from "../providers/contract.js";
import { decideRetry } from "../providers/retry-policy.js";
import type { CallRecord } from "../report/report-types.js";
import type { EnginePorts, TokenPriceUsd } from "./ports.js";
import { type Overrun, overrunBlocked, settleAnswered, settleFailed } from "./settle-call.js";

/**
 * One provider call under the budget guard: price → limits → reserve → call → settle.
 * Every retry (backoff, or flex → fallback tier) goes round the same loop, so each one is
 * priced and reserved afresh; the SDK itself never retries.
 */

export interface GuardedCallOptions {
  runId: string;
  taskBudgetUsd: number;
  fallbackTier: ServiceTier;
  maxRetries: number;
  baseDelayMs: number;
  startedAtMs: number;
  contextChars: number;
  /** The timeout of a call at a tier: a fallback from flex must not keep flex's long timeout. */
  timeoutMsFor?: (tier: ServiceTier) => number;
}

/** `overrun`: the call cost more than its reservation; the run must make no further call. */
export type GuardedCallResult =
  | { ok: true; response: ProviderResponse; calls: CallRecord[]; overrun?: Overrun }
  | { ok: false; error: ProviderError; calls: CallRecord[]; overrun?: Overrun };

export async function guardedCall(
  ports: EnginePorts,
  request: ProviderRequest,
  options: GuardedCallOptions,
): Promise<GuardedCallResult> {
  const calls: CallRecord[] = [];
  let current = request;
  let fellBack = false;
  for (let retry = 0; ; retry++) {
    const price = priceOrFallback(ports, current, options.fallbackTier);
    if (price.tier !== current.serviceTier) {
      ports.recorder.emit("call", "tier_not_offered", {
        model: current.model,
        from: current.serviceTier,
        to: price.tier,
      });
      current = atTier(current, price.tier, options);
      fellBack = true;
    }
    const inputTokens = ports.budget.estimateRequestTokens(current, current.model);
    ports.budget.checkCallLimits({
      contextChars: options.contextChars,
      inputTokens,
      maxOutputTokens: current.maxOutputTokens,
      elapsedS: (ports.now() - options.startedAtMs) / 1000,
    });
    const projectedUsd = ports.budget.projectedUsd(inputTokens, current.maxOutputTokens, price.price);
    const reservation = await ports.budget.reserve({
      runId: options.runId,
      taskId: current.taskId,
      attempt: current.attempt,
      role: current.role,
      model: current.model,
      requestedTier: current.serviceTier,
      reasoningEffort: current.reasoningEffort,
      estimatedInputTokens: inputTokens,
      maxOutputTokens: current.maxOutputTokens,
      projectedUsd,
      taskBudgetUsd: options.taskBudgetUsd,
    });
    const record: CallRecord = {
      role: current.role,
      model: current.model,
      requestedTier: current.serviceTier,
      actualTier: null,
      reasoningEffort: current.reasoningEffort,
      estimatedInputTokens: inputTokens,
      maxOutputTokens: current.maxOutputTokens,
      usage: null,
      projectedUsd,
      actualUsd: 0,
      status: "ok",
      latencyMs: 0,
    };
    calls.push(record);
    ports.onCall?.(current);
    ports.recorder.emit("call", "reserved", {
      reservation,
      model: current.model,
      tier: current.serviceTier,
      projectedUsd,
    });
    const started = ports.now();
    try {
      const response = await ports.provider.call(current);
      record.latencyMs = ports.now() - started;
      const overrun = await settleAnswered(ports, reservation, current, response, price.price, record);
      ports.recorder.emit("call", "settled", {
        reservation,
        actualUsd: record.actualUsd,
        tier: response.serviceTier,
      });
      if (overrun) {
        ports.recorder.emit("call", "overrun", { reservation, ...overrun });
        return { ok: true, response, calls, overrun };
      }
      return { ok: true, response, calls };
    } catch (error) {
      record.latencyMs = ports.now() - started;
      record.status = "failed";
      if (!(error instanceof ProviderError)) {
        await ports.budget.release(reservation, error instanceof Error ? error.message : String(error));
        throw error;
      }
      record.error = `${error.kind}: ${error.message}`;
      const overrun = await settleFailed(ports, reservation, error, current, price.price, record);
      if (overrun) ports.recorder.emit("call", "overrun", { reservation, ...overrun });
      const decision = decideRetry(
        error,
        { attempt: retry, tier: current.serviceTier, fellBack },
        {
          maxRetries: options.maxRetries,
          fallbackTier: options.fallbackTier,
          baseDelayMs: options.baseDelayMs,
        },
      );
      ports.recorder.emit("call", "failed", { kind: error.kind, retryable: error.retryable, decision });
      if (decision.action === "fail")
        return overrun ? { ok: false, error, calls, overrun } : { ok: false, error, calls };
      if (overrun) throw overrunBlocked(overrun);
      if (decision.tier !== current.serviceTier) fellBack = true;
      current = atTier(current, decision.tier, options);
      if (decision.delayMs > 0) await ports.sleep(decision.delayMs, current.signal);
    }
  }
}

function atTier(request: ProviderRequest, tier: ServiceTier, options: GuardedCallOptions): ProviderRequest {
  if (tier === request.serviceTier) return request;
  const timeoutMs = options.timeoutMsFor?.(tier) ?? request.timeoutMs;
  return { ...request, serviceTier: tier, timeoutMs };
}

function priceOrFallback(
  ports: EnginePorts,
  request: ProviderRequest,
  fallbackTier: ServiceTier,
): { tier: ServiceTier; price: TokenPriceUsd } {
  const wanted = ports.budget.price(request.model, request.serviceTier);
  if (wanted) return { tier: request.serviceTier, price: wanted };
  const fallback = ports.budget.price(request.model, fallbackTier);
  if (fallback) return { tier: fallbackTier, price: fallback };
  throw new BlockedError(
    "budget.no_price",
    `blocked: model ${request.model} has no price for tier ${request.serviceTier} or ${fallbackTier}; a model with no price is never called`,
    { hint: `add pricing.models.${request.model} to leash.yaml (an explicit 0 for a free local model)` },
  );
}
