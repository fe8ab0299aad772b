import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { encode as encodeO200k } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countOnThread, prewarmTokenizer } from "../../src/budget/tokenizer-thread.js";

const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

describe("counting on the tokenizer thread", () => {
  it("answers synchronously with exactly the in-process count, for each encoding", () => {
    prewarmTokenizer("o200k_base");
    const texts = [
      "def add(a, b):\n    return a + b\n",
      "a file mentioning <|endoftext|> literally",
      "ünïcödé — 漢字 😀\r\n\ttabs",
      "x".repeat(2_000),
    ];
    for (const text of texts) {
      expect(countOnThread(text, "o200k_base")).toBe(encodeO200k(text, NO_SPECIAL).length);
      expect(countOnThread(text, "cl100k_base")).toBe(encodeCl100k(text, NO_SPECIAL).length);
    }
  });

  it("keeps answers in order over many calls (each reply is matched to its request)", () => {
    const counts = Array.from({ length: 200 }, (_, n) => countOnThread("word ".repeat(n), "o200k_base"));
    expect(counts).toEqual(Array.from({ length: 200 }, (_, n) => encodeO200k("word ".repeat(n)).length));
  });
});
