import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Keeps the arrows of STYLE.md honest: the engine and the pure cores never reach for a
 * process, SQLite or the SDK themselves; only adapters and cli/wire.ts build the real ones.
 */

const SRC = join(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => (m[1] ?? m[2]) as string);
}

const files = sourceFiles(SRC).map((f) => ({ path: relative(SRC, f), imports: importsOf(f) }));

const RULES: { folder: string; banned: RegExp; why: string }[] = [
  {
    folder: "engine/",
    banned: /^(node:child_process|better-sqlite3|openai|undici)$/,
    why: "engine uses interfaces",
  },
  { folder: "routing/", banned: /^(node:child_process|better-sqlite3|openai)$/, why: "routing is pure" },
  { folder: "context/", banned: /^(node:child_process|better-sqlite3|openai)$/, why: "context is pure" },
  { folder: "patch/", banned: /^(better-sqlite3|openai)$/, why: "patch knows no ledger or SDK" },
  {
    folder: "providers/",
    banned: /(^better-sqlite3$|\/budget\/ledger)/,
    why: "providers know nothing of the ledger",
  },
  { folder: "config/", banned: /^(node:child_process|better-sqlite3|openai)$/, why: "config is data" },
];

describe("module boundaries", () => {
  for (const rule of RULES) {
    it(`${rule.folder} does not import ${rule.banned} (${rule.why})`, () => {
      const offenders = files
        .filter((f) => f.path.startsWith(rule.folder))
        .flatMap((f) => f.imports.filter((i) => rule.banned.test(i)).map((i) => `${f.path} → ${i}`));
      expect(offenders).toEqual([]);
    });
  }

  it("only exec/ spawns processes", () => {
    const offenders = files
      .filter((f) => !f.path.startsWith("exec/") && f.imports.includes("node:child_process"))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it("only cli/wire.ts and adapters import the OpenAI SDK", () => {
    const offenders = files
      .filter((f) => f.imports.some((i) => i === "openai" || i.startsWith("openai/")))
      .map((f) => f.path)
      .filter((p) => !p.startsWith("providers/openai"));
    expect(offenders).toEqual([]);
  });
});
