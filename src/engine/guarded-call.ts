import type { ServiceTier } from "../config/schema.js";
import { ProviderError, type ProviderRequest, type ProviderResponse } from "../providers/contract.js";
import { decideRetry } from "../providers/retry-policy.js";
import type { CallRecord } from "../report/report-types.js";
import type { EnginePorts } from "./ports.js";
import { atTier, projectCall } from "./project-call.js";
import { scanRequest } from "./scan-request.js";
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
  /** The request as it will be sent, after the secret scan: what `attempts/<n>/prompt.txt` holds. */
  onScanned?(request: ProviderRequest): void;
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
  let current = await scanRequest(ports, request);
  options.onScanned?.(current);
  let fellBack = false;
  for (let retry = 0; ; retry++) {
    const projected = projectCall(ports.budget, current, options, {
      contextChars: options.contextChars,
      elapsedS: (ports.now() - options.startedAtMs) / 1000,
    });
    if (projected.fellBack) {
      ports.recorder.emit("call", "tier_not_offered", {
        model: current.model,
        from: current.serviceTier,
        to: projected.request.serviceTier,
      });
      fellBack = true;
    }
    current = projected.request;
    const { inputTokens, projectedUsd, price } = projected;
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
      const overrun = await settleAnswered(ports, reservation, current, response, price, record);
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
      const overrun = await settleFailed(ports, reservation, error, current, price, record);
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
      current = atTier(current, decision.tier, options.timeoutMsFor);
      if (decision.delayMs > 0) await ports.sleep(decision.delayMs, current.signal);
    }
  }
}
