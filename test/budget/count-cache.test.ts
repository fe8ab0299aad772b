import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { encode as encodeO200k } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { cachedCount, countablePieces } from "../../src/budget/count-cache.js";

const NO_SPECIAL = { disallowedSpecial: new Set<string>() };
const ROOT = join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : [full];
  });
}

// Leash's own sources and docs, plus shapes that stress the cut: CRLF, tabs, unicode, digits.
const corpus = [...sources(join(ROOT, "src")).slice(0, 120), ...sources(join(ROOT, "docs"))].map((f) =>
  readFileSync(f, "utf8"),
);
const joined = corpus.join("\n");
const awkward = [
  joined.replaceAll("\n", "\r\n"),
  Array.from({ length: 3000 }, (_, i) => `${i}\tzeile ${i}: Grüße, 漢字 ${"é".repeat(i % 7)}\n`).join(""),
  Array.from({ length: 3000 }, (_, i) => `  }\n//${i}\n/*x*/\n${i % 10}${i}\n`).join(""),
];

describe("cached token counts", () => {
  it("the pieces add up to the whole, for both encodings (the cut is exact)", () => {
    for (const text of [joined, ...awkward]) {
      const pieces = countablePieces(text);
      expect(pieces.length).toBeGreaterThan(5);
      expect(pieces.join("")).toBe(text);
      const o200k = pieces.reduce((n, p) => n + encodeO200k(p, NO_SPECIAL).length, 0);
      const cl100k = pieces.reduce((n, p) => n + encodeCl100k(p, NO_SPECIAL).length, 0);
      expect(o200k).toBe(encodeO200k(text, NO_SPECIAL).length);
      expect(cl100k).toBe(encodeCl100k(text, NO_SPECIAL).length);
    }
  });

  it("counts a piece once, then answers from memory with the same total", () => {
    const seen: string[] = [];
    const count = (t: string) => {
      seen.push(t);
      return encodeO200k(t, NO_SPECIAL).length;
    };
    const text = `${joined}\nunique ${Date.now()} ${Math.random()}\n`;
    const first = cachedCount(text, "o200k_base", count);
    const counted = seen.length;
    expect(counted).toBeGreaterThan(0);
    expect(cachedCount(text, "o200k_base", count)).toBe(first);
    expect(seen.length).toBe(counted);
    expect(first).toBe(encodeO200k(text, NO_SPECIAL).length);
  });
});
