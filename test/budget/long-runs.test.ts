import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { countWithLongRuns, LONG_RUN } from "../../src/budget/long-runs.js";

const require = createRequire(import.meta.url);
const o200k = require("gpt-tokenizer/encoding/o200k_base") as { countTokens(t: string): number };
const exact = (t: string) => o200k.countTokens(t);

/** Deterministic filler: a small LCG, so the "random" runs are the same on every machine. */
function lcgText(n: number, alphabet: string, seed = 7): string {
  let x = seed;
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

describe("counting text with very long runs", () => {
  it("counts text without a long run exactly, by the tokenizer itself", () => {
    const text = `export function add(a, b) {\n  return a + b;\n}\n${"word ".repeat(2000)}`;
    expect(countWithLongRuns(text, exact)).toBe(exact(text));
  });

  it.each([
    ["one letter", "a".repeat(6000)],
    ["base64", lcgText(6000, B64)],
    ["hex", lcgText(6000, "0123456789abcdef")],
    ["punctuation", "=-".repeat(3000)],
    ["spaces", " ".repeat(6000)],
    ["CJK and emoji (surrogate pairs)", lcgText(3000, "漢字かな😀🎉")],
    ["a run inside ordinary text", `const data = "${lcgText(5000, B64)}";\nexport default data;\n`],
  ])("errs high, and by little, on %s", (_what, text) => {
    expect(text.length).toBeGreaterThan(LONG_RUN);
    const truth = exact(text);
    const estimate = countWithLongRuns(text, exact);
    expect(estimate).toBeGreaterThanOrEqual(truth);
    expect(estimate).toBeLessThanOrEqual(Math.ceil(truth * 1.1) + 12);
  });

  it("asks the tokenizer for no piece longer than a chunk inside a long run", () => {
    const asked: number[] = [];
    countWithLongRuns(`head ${"x".repeat(100_000)} tail`, (t) => {
      asked.push(t.length);
      return exact(t);
    });
    expect(Math.max(...asked)).toBeLessThanOrEqual(513);
  });
});
