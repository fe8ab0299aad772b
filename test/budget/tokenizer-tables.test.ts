import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadTokenizer,
  TABLE_ENCODINGS,
  type Tokenizer,
  tablesFile,
  tokenizerVersion,
} from "../../src/budget/tokenizer-tables.js";

/**
 * The tables the build writes as JSON (scripts/tokenizer-json.mjs) must count exactly as
 * gpt-tokenizer's own encoding modules do: a budget's reservation rests on these counts.
 */

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, "..", "..");
const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

// Leash's own sources and docs, and the texts that are hard for a byte-level BPE.
const CORPUS = [
  ...files(join(ROOT, "src")).filter((f) => f.endsWith(".ts")),
  ...files(join(ROOT, "docs")).filter((f) => f.endsWith(".md")),
].map((f) => readFileSync(f, "utf8"));
const HARD = [
  "<|endoftext|> and <|endofprompt|> sent as text",
  "emoji 🧪🦀👩🏽‍💻 and flags 🇫🇷🇯🇵",
  "中文、日本語のテキスト、한국어 텍스트",
  "combining e\u0301 a\u0308 and zero\u200bwidth",
  "lone surrogates \uD800 and \uDFFF, replacement \uFFFD, NUL \u0000",
  " ".repeat(300) + "\t".repeat(50) + "\n".repeat(40),
  "x".repeat(5000),
];

const scratch = mkdtempSync(join(tmpdir(), "leash-tables-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(TABLE_ENCODINGS)("%s tables read as JSON", (encoding) => {
  const own = require(`gpt-tokenizer/encoding/${encoding}`) as Tokenizer;

  it("were written by the build for the installed gpt-tokenizer", () => {
    const file = JSON.parse(readFileSync(tablesFile(encoding), "utf8")) as {
      package: string;
      encoding: string;
    };
    expect({ package: file.package, encoding: file.encoding }).toEqual({
      package: tokenizerVersion(),
      encoding,
    });
  });

  it("count every text exactly as the package's own module", () => {
    const fromTables = loadTokenizer(encoding);
    expect(fromTables).not.toBe(own);
    const counts = (t: Tokenizer) => [...CORPUS, ...HARD].map((text) => t.countTokens(text, NO_SPECIAL));
    expect(counts(fromTables)).toEqual(counts(own));
  });

  it("fall back to the package's module when the file is missing, damaged or for another version", () => {
    const other = join(scratch, `${encoding}-other.json`);
    writeFileSync(other, JSON.stringify({ package: "0.0.1", encoding, ranks: [] }));
    const damaged = join(scratch, `${encoding}-damaged.json`);
    writeFileSync(damaged, '{"package": "');
    for (const path of [join(scratch, "missing.json"), other, damaged])
      expect(loadTokenizer(encoding, path)).toBe(own);
  });
});
