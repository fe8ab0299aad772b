import { createRequire } from "node:module";
import { extname } from "node:path";
import type { Language, Parser, Query } from "web-tree-sitter";

/** The languages whose symbols and outlines Leash can read, by file extension. */
const GRAMMARS: Record<string, string> = {
  ".py": "tree-sitter-python/tree-sitter-python.wasm",
  ".pyi": "tree-sitter-python/tree-sitter-python.wasm",
  ".ts": "tree-sitter-typescript/tree-sitter-typescript.wasm",
  ".mts": "tree-sitter-typescript/tree-sitter-typescript.wasm",
  ".cts": "tree-sitter-typescript/tree-sitter-typescript.wasm",
  ".tsx": "tree-sitter-typescript/tree-sitter-tsx.wasm",
  ".js": "tree-sitter-javascript/tree-sitter-javascript.wasm",
  ".mjs": "tree-sitter-javascript/tree-sitter-javascript.wasm",
  ".cjs": "tree-sitter-javascript/tree-sitter-javascript.wasm",
  ".jsx": "tree-sitter-javascript/tree-sitter-javascript.wasm",
};

export function languageOf(path: string): string | null {
  return GRAMMARS[extname(path).toLowerCase()] ?? null;
}

const require = createRequire(import.meta.url);
let ready: Promise<typeof import("web-tree-sitter")> | undefined;
const languages = new Map<string, Promise<Language>>();

/**
 * A parser for the file's language, or null when Leash has no grammar for it. WebAssembly, so no
 * native build; loaded on first use only, since most runs never declare a symbol.
 */
export async function parserFor(path: string): Promise<Parser | null> {
  const grammar = languageOf(path);
  if (grammar === null) return null;
  ready ??= import("web-tree-sitter").then(async (mod) => {
    await mod.Parser.init();
    return mod;
  });
  const mod = await ready;
  let language = languages.get(grammar);
  if (language === undefined) {
    language = mod.Language.load(require.resolve(grammar));
    languages.set(grammar, language);
  }
  const parser = new mod.Parser();
  parser.setLanguage(await language);
  return parser;
}

/** A query over a language a parser from parserFor() uses (so the module is loaded by then). */
export async function newQuery(language: Language, source: string): Promise<Query> {
  if (!ready) throw new Error("newQuery before any parserFor(): no grammar is loaded");
  const mod = await ready;
  return new mod.Query(language, source);
}
