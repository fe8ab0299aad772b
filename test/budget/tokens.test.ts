import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { encode as encodeO200k } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countTokens, encodingFor, estimateRequestTokens } from "../../src/budget/tokens.js";

const NO_SPECIAL = { disallowedSpecial: new Set<string>() };
const SOURCE = "export function add(a: number, b: number): number {\n  return a + b; // sum\n}\n";

describe("countTokens", () => {
  it("equals the tokenizer's own count for each encoding", () => {
    expect(countTokens(SOURCE, "o200k_base")).toBe(encodeO200k(SOURCE).length);
    expect(countTokens(SOURCE, "cl100k_base")).toBe(encodeCl100k(SOURCE).length);
    expect(countTokens("", "o200k_base")).toBe(0);
  });

  it("counts special-token look-alikes as the text they are", () => {
    const text = "a file mentioning <|endoftext|> literally";
    expect(countTokens(text, "o200k_base")).toBe(encodeO200k(text, NO_SPECIAL).length);
  });
});

describe("estimateRequestTokens", () => {
  it("is the tokenizer's count of every part sent plus 3 per message and 3 to prime", () => {
    const request = {
      instructions: "You propose a unified diff and nothing else.",
      input: `Goal: fix add\n\nsrc/add.ts\n${SOURCE}`,
      schemaText: JSON.stringify({ type: "object", properties: { kind: { type: "string" } } }),
    };
    const text =
      encodeO200k(request.instructions).length +
      encodeO200k(request.input).length +
      encodeO200k(request.schemaText).length;
    expect(estimateRequestTokens(request, "o200k_base")).toBe(text + 2 * 3 + 3);
  });
});

describe("encodingFor", () => {
  it("uses the pricing table's encoding, else o200k_base", () => {
    const pricing = {
      as_of: "2026-11-01",
      models: {
        old: { input: 1, output: 2, encoding: "cl100k_base" as const },
        "gpt-5": { input: 1.25, output: 10 },
      },
      tier_multipliers: {},
    };
    expect(encodingFor(pricing, "old")).toBe("cl100k_base");
    expect(encodingFor(pricing, "gpt-5")).toBe("o200k_base");
    expect(encodingFor(pricing, "unknown")).toBe("o200k_base");
  });
});
