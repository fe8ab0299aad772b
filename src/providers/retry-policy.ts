import type { ServiceTier } from "../config/schema.js";
import type { ProviderError } from "./contract.js";

export interface RetryState {
  /** Retries already made for this call (0 when the first try just failed). */
  attempt: number;
  /** The tier the failed call asked for. */
  tier: ServiceTier;
  /** True once the call has moved to the fallback tier. */
  fellBack: boolean;
}

export interface RetryPolicy {
  /** Bound on backoff retries (rate limit, server error, timeout); the tier fallback is separate. */
  maxRetries: number;
  fallbackTier: ServiceTier;
  baseDelayMs: number;
  /** Cap on one backoff delay; default 30 s. */
  maxDelayMs?: number;
  /** A retry-after longer than this ends the call instead of stalling the run; default 120 s. */
  maxRetryAfterMs?: number;
}

export type RetryDecision =
  | { action: "retry"; delayMs: number; tier: ServiceTier; reason: string }
  | { action: "fail"; reason: string };

const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 120_000;

/**
 * What to do after a failed provider call. Pure: the engine owns the loop, sleeps the delay and
 * re-checks the budget (at the new tier's price after a fallback) before the next call.
 */
export function decideRetry(error: ProviderError, state: RetryState, policy: RetryPolicy): RetryDecision {
  switch (error.kind) {
    case "tier_unavailable":
      if (state.fellBack || state.tier === policy.fallbackTier) {
        return {
          action: "fail",
          reason: `the ${state.tier} tier is unavailable and there is no further tier to fall back to`,
        };
      }
      return {
        action: "retry",
        delayMs: 0,
        tier: policy.fallbackTier,
        reason: `the ${state.tier} tier is unavailable; retrying once on ${policy.fallbackTier}`,
      };
    case "rate_limited":
    case "overloaded":
    case "server_error":
    case "timeout":
    case "unreachable":
      return backoff(error, state, policy);
    default:
      return { action: "fail", reason: `${error.kind} is not retried: ${error.message}` };
  }
}

function backoff(error: ProviderError, state: RetryState, policy: RetryPolicy): RetryDecision {
  if (!error.retryable)
    return { action: "fail", reason: `${error.kind} marked not retryable: ${error.message}` };
  if (state.attempt >= policy.maxRetries) {
    return {
      action: "fail",
      reason: `${error.kind} after ${state.attempt} retr${state.attempt === 1 ? "y" : "ies"} (limit ${policy.maxRetries})`,
    };
  }
  const maxRetryAfter = policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const retryAfter = error.extra.retryAfterMs;
  if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
    return {
      action: "fail",
      reason: `${error.kind}: the server asked to wait ${retryAfter} ms, more than the ${maxRetryAfter} ms Leash waits`,
    };
  }
  const exponential = Math.min(
    policy.baseDelayMs * 2 ** state.attempt,
    policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  );
  const delayMs = Math.max(exponential, retryAfter ?? 0);
  return {
    action: "retry",
    delayMs,
    tier: state.tier,
    reason: `${error.kind}; retry ${state.attempt + 1} of ${policy.maxRetries} in ${delayMs} ms`,
  };
}
