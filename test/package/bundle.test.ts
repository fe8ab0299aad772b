import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEASH_BIN } from "../helpers/leash-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BUNDLE = join(ROOT, "dist", "bundle");
const dependencies = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> })
    .dependencies,
);

const packageOf = (spec: string) =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");

/**
 * The bin is a bundle (rolldown.config.mjs). What it leaves as plain imports is resolved from an
 * installed node_modules at run time, so each must be a builtin or one of Leash's own dependencies:
 * never a devDependency or a package that is only there because something else pulled it in.
 */
describe("the bundled bin", () => {
  it("is the bin package.json names", () => {
    expect(LEASH_BIN).toBe(join(BUNDLE, "leash.cjs"));
  });

  // The compile cache (src/cli/compile-cache.ts) compiles chunks with vm.Script, which has no
  // dynamic-import callback on Node 20: a lazy load must be a require() (dynamicImportInCjs: false).
  it("loads lazily with require(), never import()", () => {
    const withImport = readdirSync(BUNDLE)
      .filter((f) => f.endsWith(".cjs"))
      .filter((f) =>
        readFileSync(join(BUNDLE, f), "utf8")
          .split("\n")
          // JSDoc types (`@typedef { import("./x.js").X }`) are comments, not loads.
          .some((line) => !/^\s*(\*|\/\/)/.test(line) && /\bimport\(\s*["'`]/.test(line)),
      );
    expect(withImport).toEqual([]);
  });

  it("imports at run time only builtins and declared dependencies", () => {
    const bare = new Set<string>();
    for (const file of readdirSync(BUNDLE).filter((f) => f.endsWith(".cjs"))) {
      const text = readFileSync(join(BUNDLE, file), "utf8");
      const specs = [
        ...text.matchAll(/^import[^"'\n]*["']([^"']+)["']/gm),
        ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
        ...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1] ?? "");
      for (const spec of specs) if (!spec.startsWith(".") && !spec.startsWith("node:")) bare.add(spec);
    }
    const undeclared = [...bare].filter(
      (s) => !builtinModules.includes(s) && !dependencies.includes(packageOf(s)),
    );
    expect(undeclared).toEqual([]);
    // Packages that find their files by their own location are never bundled (the tokenizer and
    // the price catalog are loaded through createRequire, which the bundler leaves alone).
    for (const name of ["better-sqlite3", "web-tree-sitter"]) {
      expect([...bare].map(packageOf)).toContain(name);
    }
  });
});
