// The CLI as shipped: tsc's output (dist/) bundled into dist/bundle/, so a run compiles a few
// chunks instead of ~560 modules, and the unused parts of what it bundles (zod's locales) are
// left out. Commands stay in their own chunks, loaded on use. docs/benchmarks.md has the figures.
//
// Only the pure-JavaScript packages a run loads up front are bundled, with what they import.
// Everything else stays a plain import resolved from node_modules as before: native addons,
// packages that find files by their own location (web-tree-sitter's wasm, the grammars, the
// tokenizer's tables, the price catalog) and the provider SDKs, which only real calls load.
// A dependency added later is therefore external until someone chooses to bundle it.
const BUNDLED = /^(zod|yaml|diff|commander|picomatch|@secretlint\/[^/]+)($|\/)/;

export default {
  input: { leash: "dist/cli/main.js" },
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
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    cleanDir: true,
  },
};
