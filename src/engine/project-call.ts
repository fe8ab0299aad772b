import type { ServiceTier } from "../config/schema.js";
import { BlockedError } from "../errors.js";
import type { ProviderRequest } from "../providers/contract.js";
import type { BudgetPort, TokenPriceUsd } from "./ports.js";

/** What one call would cost, decided before anything is reserved; `leash plan` shows these figures. */
export interface ProjectedCall {
  /** The request as it would be sent: its tier (and that tier's timeout) after any fallback. */
  request: ProviderRequest;
  price: TokenPriceUsd;
  /** True when the wanted tier has no price and the fallback tier's was taken. */
  fellBack: boolean;
  inputTokens: number;
  projectedUsd: number;
}

export interface TierChoice {
  fallbackTier: ServiceTier;
  /** The timeout of a call at a tier: a fallback from flex must not keep flex's long timeout. */
  timeoutMsFor?: (tier: ServiceTier) => number;
}

/**
 * Price (falling back to the fallback tier when the wanted one is not offered), count the exact
 * request, check the per-call limits, project the full output cap. Throws BlockedError for a model
 * with no price or a limit passed. The guard and `leash plan` both come through here, so plan
 * shows what run would reserve.
 */
export function projectCall(
  budget: BudgetPort,
  request: ProviderRequest,
  tiers: TierChoice,
  figures: { contextChars: number; elapsedS: number },
): ProjectedCall {
  const priced = priceOrFallback(budget, request, tiers.fallbackTier);
  const current = atTier(request, priced.tier, tiers.timeoutMsFor);
  const inputTokens = budget.estimateRequestTokens(current, current.model);
  budget.checkCallLimits({
    contextChars: figures.contextChars,
    inputTokens,
    maxOutputTokens: current.maxOutputTokens,
    elapsedS: figures.elapsedS,
  });
  return {
    request: current,
    price: priced.price,
    fellBack: priced.tier !== request.serviceTier,
    inputTokens,
    projectedUsd: budget.projectedUsd(inputTokens, current.maxOutputTokens, priced.price),
  };
}

export function atTier(
  request: ProviderRequest,
  tier: ServiceTier,
  timeoutMsFor?: (tier: ServiceTier) => number,
): ProviderRequest {
  if (tier === request.serviceTier) return request;
  return { ...request, serviceTier: tier, timeoutMs: timeoutMsFor?.(tier) ?? request.timeoutMs };
}

function priceOrFallback(
  budget: BudgetPort,
  request: ProviderRequest,
  fallbackTier: ServiceTier,
): { tier: ServiceTier; price: TokenPriceUsd } {
  const wanted = budget.price(request.model, request.serviceTier);
  if (wanted) return { tier: request.serviceTier, price: wanted };
  const fallback = budget.price(request.model, fallbackTier);
  if (fallback) return { tier: fallbackTier, price: fallback };
  throw new BlockedError(
    "budget.no_price",
    `blocked: model ${request.model} has no price for tier ${request.serviceTier} or ${fallbackTier}; a model with no price is never called`,
    {
      location: { field: `pricing.models.${request.model}` },
      hint: `add pricing.models.${request.model} to leash.yaml (an explicit 0 for a free local model), or tier prices for ${request.serviceTier}`,
      details: { model: request.model, tier: request.serviceTier, fallbackTier },
    },
  );
}
