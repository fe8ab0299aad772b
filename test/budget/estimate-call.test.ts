import { describe, expect, it } from "vitest";
import { estimateCall } from "../../src/budget/estimate-call.js";
import { countTokens, estimateRequestTokens } from "../../src/budget/tokens.js";
import type { PricingConfig } from "../../src/config/schema.js";

const pricing: PricingConfig = {
  as_of: "2026-11-01",
  models: { "gpt-5": { input: 1.25, cached_input: 0.125, output: 10 } },
  tier_multipliers: { flex: 0.5, default: 1 },
};
const request = {
  instructions: "Return a patch.",
  input: "Goal: rename x to y in src/a.ts",
  schemaText: '{"type":"object"}',
};

describe("estimateCall", () => {
  it("counts the request with the model's encoding and projects the full output cap at the tier's price", () => {
    const e = estimateCall({ pricing, model: "gpt-5", tier: "flex", request, maxOutputTokens: 4000 });
    expect(e.inputTokens).toBe(estimateRequestTokens(request, "o200k_base"));
    expect(e.inputTokens).toBeGreaterThan(countTokens(request.input, "o200k_base"));
    expect(e.encoding).toBe("o200k_base");
    expect(e.projectedUsd).toBe(Math.ceil(e.inputTokens * 0.625 + 4000 * 5) / 1e6);
  });

  it("refuses a model with no price", () => {
    expect(() =>
      estimateCall({ pricing, model: "gpt-9", tier: "default", request, maxOutputTokens: 10 }),
    ).toThrow(expect.objectContaining({ code: "budget.no_price" }));
  });
});
