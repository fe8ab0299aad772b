// The CLI as shipped: tsc's output (dist/) bundled into dist/bundle/, so a run compiles a few
// chunks instead of ~560 modules, and the unused parts of what it bundles (zod's locales) are
// left out. Commands stay in their own chunks, loaded on use. The entry (src/cli/bin.ts) turns on
// the compile cache before it loads anything else. docs/benchmarks.md has the figures.
//
// Only the pure-JavaScript packages a run loads up front are bundled, with what they import.
// Everything else stays a plain import resolved from node_modules as before: native addons,
// packages that find files by their own location (web-tree-sitter's wasm, the grammars, the
// tokenizer's tables, the price catalog) and the provider SDKs, which only real calls load.
// A dependency added later is therefore external until someone chooses to bundle it.
const BUNDLED = /^(zod|yaml|diff|commander|picomatch|@secretlint\/[^/]+)($|\/)/;

export default {
  input: { leash: "dist/cli/bin.js" },
  platform: "node",
  external: (id, importer) => {
    if (id.startsWith("node:")) return true;
    if (id.startsWith(".") || id.startsWith("/")) return false;
    // Inside a bundled package, its own dependencies come along; from Leash, only the chosen.
    if (importer?.includes("/node_modules/")) return false;
    return !BUNDLED.test(id);
  },
  output: {
    dir: "dist/bundle",
    // CommonJS, not ESM: Node 20 loads a CommonJS chunk for less than it resolves, links and
    // compiles an ES module (≈ 70 ms of CPU per run on the 204-file bench, docs/benchmarks.md).
    // Lazy imports stay lazy: each becomes a require() inside a promise, external packages too.
    format: "cjs",
    dynamicImportInCjs: false,
    entryFileNames: "[name].cjs",
    chunkFileNames: "[name]-[hash].cjs",
    cleanDir: true,
  },
};
