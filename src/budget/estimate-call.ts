import type { PricingConfig, ServiceTier } from "../config/schema.js";
import { fromMicros } from "./money.js";
import { projectCostMicros, requirePrice, type TokenPrice } from "./pricing.js";
import { type Encoding, encodingFor, estimateRequestTokens, type RequestText } from "./tokens.js";

/** What a call would cost before it is made: the figures the guard and `leash plan` need. */
export interface CallEstimate {
  encoding: Encoding;
  inputTokens: number;
  maxOutputTokens: number;
  price: TokenPrice;
  projectedUsd: number;
}

/** Throws `budget.no_price` (exit 3) when the model has no price at the tier: it is never called. */
export function estimateCall(input: {
  pricing: PricingConfig;
  model: string;
  tier: ServiceTier;
  request: RequestText;
  maxOutputTokens: number;
}): CallEstimate {
  const price = requirePrice(input.pricing, input.model, input.tier);
  const encoding = encodingFor(input.pricing, input.model);
  const inputTokens = estimateRequestTokens(input.request, encoding);
  const micros = projectCostMicros({ inputTokens, maxOutputTokens: input.maxOutputTokens }, price);
  return {
    encoding,
    inputTokens,
    maxOutputTokens: input.maxOutputTokens,
    price,
    projectedUsd: fromMicros(micros),
  };
}
