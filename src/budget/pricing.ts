import type { PricingConfig, ServiceTier } from "../config/schema.js";
import type { TokenUsage } from "../contract/token-usage.js";
import { fromMicros, picosPerToken, picosToMicrosCeil } from "./money.js";

/** USD per 1M tokens at one tier. `cached_input` absent means cached input costs full input. */
export interface TokenPrice {
  input: number;
  cached_input?: number;
  /** Writing the prompt cache; absent means a cache write costs full input. */
  cache_write_input?: number;
  output: number;
}

/**
 * The price of a model at a tier, or null when the model has no price or the tier is not
 * offered for it. Explicit `tier_prices` win; otherwise base × `tier_multipliers[tier]`
 * (the default tier is ×1 when no multiplier is given).
 */
export function priceFor(pricing: PricingConfig, model: string, tier: ServiceTier): TokenPrice | null {
  const entry = Object.hasOwn(pricing.models, model) ? pricing.models[model] : undefined;
  if (!entry) return null;
  if (entry.tiers && !entry.tiers.includes(tier)) return null;
  const explicit = entry.tier_prices?.[tier];
  if (explicit) return { ...explicit };
  const multiplier = pricing.tier_multipliers[tier] ?? (tier === "default" ? 1 : undefined);
  if (multiplier === undefined) return null;
  const price: TokenPrice = { input: entry.input * multiplier, output: entry.output * multiplier };
  if (entry.cached_input !== undefined) price.cached_input = entry.cached_input * multiplier;
  if (entry.cache_write_input !== undefined) price.cache_write_input = entry.cache_write_input * multiplier;
  return price;
}

/**
 * Micro-dollars for a projected call: all input at the dearest input rate (a cache write costs
 * more than plain input, and any of it may be written), the full output cap as output.
 */
export function projectCostMicros(
  call: { inputTokens: number; maxOutputTokens: number },
  price: TokenPrice,
): number {
  const inputRate = Math.max(price.input, price.cache_write_input ?? 0);
  const picos =
    call.inputTokens * picosPerToken(inputRate) + call.maxOutputTokens * picosPerToken(price.output);
  return picosToMicrosCeil(picos);
}

export function projectCostUsd(
  call: { inputTokens: number; maxOutputTokens: number },
  price: TokenPrice,
): number {
  return fromMicros(projectCostMicros(call, price));
}

/**
 * Micro-dollars for reported usage. Cache reads and cache writes are subsets of input and
 * reasoning a subset of output, so: (input − read − written)·input + read·cached_input +
 * written·cache_write_input + output·output.
 */
export function actualCostMicros(usage: TokenUsage, price: TokenPrice): number {
  const cached = Math.min(usage.cachedInput, usage.input);
  const written = Math.min(usage.cacheWrite ?? 0, usage.input - cached);
  const cachedRate = price.cached_input ?? price.input;
  const writeRate = price.cache_write_input ?? price.input;
  const picos =
    (usage.input - cached - written) * picosPerToken(price.input) +
    cached * picosPerToken(cachedRate) +
    written * picosPerToken(writeRate) +
    usage.output * picosPerToken(price.output);
  return picosToMicrosCeil(picos);
}

export function actualCostUsd(usage: TokenUsage, price: TokenPrice): number {
  return fromMicros(actualCostMicros(usage, price));
}
