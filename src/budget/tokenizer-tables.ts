import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { packageRoot } from "../package-root.js";

/**
 * gpt-tokenizer's merge tables as JSON, written into dist/tokenizer/ by the build
 * (scripts/tokenizer-json.mjs). The package ships them as a 2.2 MB JavaScript array literal, and
 * V8 compiles such a literal far more slowly than JSON.parse reads the same data: on the 2-core
 * machine, loading o200k_base went from ≈ 430 ms to ≈ 290 ms (docs/benchmarks.md, eighth round).
 * The encoder is still the package's own, built from the same tables; only how they are read differs.
 * A missing file, or one written for another version of the package, means loading it as before.
 */

export type TableEncoding = "o200k_base" | "cl100k_base";
export const TABLE_ENCODINGS: readonly TableEncoding[] = ["o200k_base", "cl100k_base"];

export interface Tokenizer {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

interface TablesFile {
  package: string;
  encoding: string;
  ranks: unknown[];
}

const require = createRequire(import.meta.url);

export function tablesFile(encoding: TableEncoding): string {
  return join(packageRoot(), "dist", "tokenizer", `${encoding}.json`);
}

/** The installed gpt-tokenizer's version: tables written for another one are not used. */
export function tokenizerVersion(): string {
  const main = require.resolve("gpt-tokenizer");
  const manifest = join(dirname(main), "..", "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** The package's own tables, as its encoding module loads them (the build's source). */
export function packageRanks(encoding: TableEncoding): unknown[] {
  return (require(`gpt-tokenizer/cjs/bpeRanks/${encoding}`) as { default: unknown[] }).default;
}

export function tablesJson(encoding: TableEncoding): string {
  const file: TablesFile = { package: tokenizerVersion(), encoding, ranks: packageRanks(encoding) };
  return JSON.stringify(file);
}

function readTables(encoding: TableEncoding, path: string): unknown[] | undefined {
  try {
    const file = JSON.parse(readFileSync(path, "utf8")) as Partial<TablesFile>;
    if (file.encoding !== encoding || file.package !== tokenizerVersion() || !Array.isArray(file.ranks))
      return undefined;
    return file.ranks;
  } catch {
    return undefined;
  }
}

export function loadTokenizer(encoding: TableEncoding, path = tablesFile(encoding)): Tokenizer {
  const ranks = readTables(encoding, path);
  if (!ranks) return require(`gpt-tokenizer/encoding/${encoding}`) as Tokenizer;
  const { GptEncoding } = require("gpt-tokenizer/cjs/GptEncoding") as {
    GptEncoding: { getEncodingApi(name: string, ranks: () => unknown[]): Tokenizer };
  };
  return GptEncoding.getEncodingApi(encoding, () => ranks);
}
