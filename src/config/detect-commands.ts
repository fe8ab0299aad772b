import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandConfig } from "./schema.js";

/** What `leash init` found in a repository, and the validator commands it proposes. */
export interface Detection {
  languages: ("typescript" | "javascript" | "python")[];
  commands: Record<string, CommandConfig>;
  /** The repository's readme as it is spelled there (README.md, Readme.md, ...), if any. */
  readme?: string;
}

const TIMEOUTS = { typecheck: 300, lint: 300, unit: 600, ruff: 300, mypy: 600, pytest: 900 } as const;

/** Looks only at files that say which tools the project already uses; runs nothing. */
export function detectCommands(repoRoot: string): Detection {
  const has = (name: string) => existsSync(join(repoRoot, name));
  const readme = listNames(repoRoot).find((n) => /^readme(\.(md|rst|txt))?$/i.test(n));
  const detection: Detection = { languages: [], commands: {}, ...(readme === undefined ? {} : { readme }) };
  const add = (name: keyof typeof TIMEOUTS, argv: string[]) => {
    detection.commands[name] = { argv, timeout_s: TIMEOUTS[name] };
  };

  const pkg = readPackageJson(repoRoot);
  if (pkg !== undefined || has("tsconfig.json")) {
    const deps = { ...pkg?.dependencies, ...pkg?.devDependencies };
    const dep = (name: string) => name in deps;
    const typescript = has("tsconfig.json") || dep("typescript");
    detection.languages.push(typescript ? "typescript" : "javascript");
    if (typescript) add("typecheck", ["npx", "tsc", "--noEmit"]);
    if (dep("@biomejs/biome") || has("biome.json") || has("biome.jsonc"))
      add("lint", ["npx", "biome", "check", "."]);
    else if (dep("eslint") || hasAny(repoRoot, /^(eslint\.config\.[cm]?[jt]s|\.eslintrc(\..+)?)$/)) {
      add("lint", ["npx", "eslint", "."]);
    }
    if (dep("vitest")) add("unit", ["npx", "vitest", "run"]);
    else if (dep("jest")) add("unit", ["npx", "jest"]);
    else if (hasRealTestScript(pkg?.scripts?.["test"])) add("unit", ["npm", "test"]);
  }

  const pythonFiles = ["pyproject.toml", "setup.py", "setup.cfg"].filter(has);
  const requirements = listNames(repoRoot).filter((n) => /^requirements.*\.txt$/.test(n));
  if (pythonFiles.length > 0 || requirements.length > 0) {
    detection.languages.push("python");
    add("ruff", ["ruff", "check", "."]);
    add("mypy", ["mypy", "."]);
    add("pytest", ["python3", "-m", "pytest", "-q"]);
  }
  return detection;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

function readPackageJson(repoRoot: string): PackageJson | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    return value !== null && typeof value === "object" ? (value as PackageJson) : {};
  } catch {
    return undefined;
  }
}

/** `npm init` writes a test script that only fails; it is not a test suite. */
function hasRealTestScript(script: string | undefined): boolean {
  return script !== undefined && !script.includes("no test specified");
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function hasAny(dir: string, pattern: RegExp): boolean {
  return listNames(dir).some((name) => pattern.test(name));
}
