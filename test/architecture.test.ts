import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

/** Repo-relative .ts targets of a file's relative imports. */
function localTargets(file: { path: string; imports: string[] }): string[] {
  return file.imports
    .filter((i) => i.startsWith("."))
    .map((i) => relative(SRC, resolve(SRC, dirname(file.path), i)).replace(/\.js$/, ".ts"));
}

const folderOf = (path: string) => (path.includes("/") ? path.slice(0, path.indexOf("/")) : path);

/**
 * STYLE.md's layering, folder by folder: what each folder may import. Anything else is an arrow
 * pointing up (or sideways into a stage it must not know), and fails. cli/ is the top and may use all.
 */
const LOW = ["config", "contract", "errors.ts", "version.ts", "package-root.ts", "cache-dir.ts"];
const MAY_IMPORT: Record<string, string[]> = {
  "errors.ts": [],
  "package-root.ts": [],
  "cache-dir.ts": [],
  "version.ts": ["package-root.ts"],
  "index.ts": ["errors.ts"],
  config: ["errors.ts", "package-root.ts"],
  contract: ["config", "errors.ts"],
  outline: [...LOW, "exec"],
  task: [...LOW, "outline"],
  exec: LOW,
  secrets: [...LOW, "exec"],
  routing: [...LOW, "task", "outline"],
  context: [...LOW, "task", "outline", "secrets"],
  validate: [...LOW, "context", "exec"],
  patch: [...LOW, "task", "exec", "outline"],
  providers: [...LOW, "task"],
  budget: [...LOW, "routing", "exec"],
  git: [...LOW, "exec"],
  report: [...LOW, "budget", "validate", "exec"],
  engine: [
    ...LOW,
    "outline",
    "task",
    "routing",
    "context",
    "patch",
    "validate",
    "budget",
    "report",
    "providers",
    "secrets",
  ],
};

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
  it("every folder imports only the folders below it", () => {
    const offenders = files.flatMap((f) => {
      const from = folderOf(f.path);
      if (from === "cli") return [];
      const allowed = MAY_IMPORT[from];
      if (!allowed) return [`${f.path}: folder ${from} has no rule in MAY_IMPORT`];
      return localTargets(f)
        .filter((t) => folderOf(t) !== from && !allowed.includes(folderOf(t)))
        .map((t) => `${f.path} → ${t}`);
    });
    expect(offenders).toEqual([]);
  });

  it("no module imports itself round a circle", () => {
    const graph = new Map(files.map((f) => [f.path, localTargets(f)]));
    const circles: string[] = [];
    const done = new Set<string>();
    const path: string[] = [];
    const visit = (node: string) => {
      if (path.includes(node)) {
        circles.push([...path.slice(path.indexOf(node)), node].join(" → "));
        return;
      }
      if (done.has(node)) return;
      path.push(node);
      for (const next of graph.get(node) ?? []) visit(next);
      path.pop();
      done.add(node);
    };
    for (const node of graph.keys()) visit(node);
    expect(circles).toEqual([]);
  });

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

  it("only providers/anthropic imports the Anthropic SDK", () => {
    const offenders = files
      .filter((f) => f.imports.some((i) => i.startsWith("@anthropic-ai/sdk")))
      .map((f) => f.path)
      .filter((p) => !p.startsWith("providers/anthropic/"));
    expect(offenders).toEqual([]);
  });
});
