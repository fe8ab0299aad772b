// The CLI as shipped: tsc's output (dist/) bundled into dist/bundle/, so a run compiles a few
// files instead of ~560 modules (Leash's own, zod, yaml, diff, commander, secretlint), and unused
// parts of them (zod's locales) are left out. Commands stay in their own chunks, loaded on use.
// Kept external: native addons and what finds files by its own location at run time (SQLite,
// tree-sitter, the tokenizer's tables, the price catalog), and the provider SDKs with their
// HTTP stack, which only real provider calls load. docs/benchmarks.md has the figures.
const EXTERNAL = [
  /^better-sqlite3($|\/)/,
  /^tree-sitter/,
  /^gpt-tokenizer($|\/)/,
  /^@pydantic\/genai-prices($|\/)/,
  /^openai($|\/)/,
  /^@anthropic-ai\/sdk($|\/)/,
  /^undici($|\/)/,
  /^pg($|\/)/,
];

export default {
  input: { leash: "dist/cli/main.js" },
  platform: "node",
  external: (id) => id.startsWith("node:") || EXTERNAL.some((pattern) => pattern.test(id)),
  output: {
    dir: "dist/bundle",
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    cleanDir: true,
  },
};
