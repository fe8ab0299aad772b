import { describe, expect, it } from "vitest";
import {
  actualCostMicros,
  actualCostUsd,
  priceFor,
  projectCostMicros,
  projectCostUsd,
} from "../../src/budget/pricing.js";
import type { PricingConfig } from "../../src/config/schema.js";

const pricing: PricingConfig = {
  as_of: "2026-11-01",
  models: {
    "gpt-5": { input: 1.25, cached_input: 0.125, output: 10 },
    "gpt-5-mini": {
      input: 0.25,
      cached_input: 0.025,
      output: 2,
      tier_prices: { priority: { input: 0.45, cached_input: 0.045, output: 3.6 } },
    },
    "o4-mini": { input: 1.1, cached_input: 0.275, output: 4.4, tiers: ["default", "flex"] },
    "gpt-5-pro": { input: 15, output: 120 },
    local: { input: 0, output: 0 },
  },
  tier_multipliers: { flex: 0.5, default: 1, priority: 2 },
};

describe("priceFor", () => {
  it("scales the base price by the tier multiplier", () => {
    expect(priceFor(pricing, "gpt-5", "default")).toEqual({ input: 1.25, cached_input: 0.125, output: 10 });
    expect(priceFor(pricing, "gpt-5", "flex")).toEqual({ input: 0.625, cached_input: 0.0625, output: 5 });
  });

  it("lets explicit tier_prices win over the multiplier", () => {
    expect(priceFor(pricing, "gpt-5-mini", "priority")).toEqual({
      input: 0.45,
      cached_input: 0.045,
      output: 3.6,
    });
  });

  it("is null for an unknown model or a tier the model is not offered on", () => {
    expect(priceFor(pricing, "gpt-9", "default")).toBeNull();
    expect(priceFor(pricing, "o4-mini", "priority")).toBeNull();
    expect(priceFor(pricing, "toString", "default")).toBeNull();
    expect(priceFor({ ...pricing, tier_multipliers: {} }, "gpt-5", "flex")).toBeNull();
    expect(priceFor({ ...pricing, tier_multipliers: {} }, "gpt-5", "default")).toEqual(
      pricing.models["gpt-5"],
    );
  });
});

describe("projected cost", () => {
  it("charges all input at the input price and the full output cap as output", () => {
    const price = priceFor(pricing, "gpt-5", "default");
    if (!price) throw new Error("no price");
    // 10,000 × $1.25/M + 4,000 × $10/M = $0.0125 + $0.04
    expect(projectCostMicros({ inputTokens: 10_000, maxOutputTokens: 4_000 }, price)).toBe(52_500);
    expect(projectCostUsd({ inputTokens: 10_000, maxOutputTokens: 4_000 }, price)).toBe(0.0525);
  });

  it("rounds a fraction of a micro-dollar up, exactly", () => {
    // 0.025 × 1000 is 25.000000000000004 in floats; the integer path gives exactly 25.
    expect(projectCostMicros({ inputTokens: 1000, maxOutputTokens: 0 }, { input: 0.025, output: 0 })).toBe(
      25,
    );
    expect(projectCostMicros({ inputTokens: 1, maxOutputTokens: 0 }, { input: 0.05, output: 0 })).toBe(1);
  });
});

describe("actual cost", () => {
  const usage = { input: 20_000, cachedInput: 8_000, output: 3_000, reasoning: 2_000 };

  it("uses uncached input, cached input and output (reasoning is inside output)", () => {
    const price = priceFor(pricing, "gpt-5", "default");
    if (!price) throw new Error("no price");
    // 12,000 × 1.25 + 8,000 × 0.125 + 3,000 × 10 = 15,000 + 1,000 + 30,000 micro-dollars
    expect(actualCostMicros(usage, price)).toBe(46_000);
    expect(actualCostUsd(usage, price)).toBe(0.046);
  });

  it("costs half on flex where the pricing says so", () => {
    const standard = priceFor(pricing, "gpt-5", "default");
    const flex = priceFor(pricing, "gpt-5", "flex");
    if (!standard || !flex) throw new Error("no price");
    expect(actualCostMicros(usage, flex) * 2).toBe(actualCostMicros(usage, standard));
  });

  it("charges cached input at the input price when there is no cached price", () => {
    const price = priceFor(pricing, "gpt-5-pro", "default");
    if (!price) throw new Error("no price");
    expect(actualCostMicros(usage, price)).toBe(20_000 * 15 + 3_000 * 120);
  });
});
