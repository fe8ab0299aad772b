import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CommandConfig } from "./schema.js";

export type PackageManager = "npm" | "pnpm" | "yarn";

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
  packageManager?: string;
}

export function readPackageJson(dir: string): PackageJson | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return value !== null && typeof value === "object" ? (value as PackageJson) : {};
  } catch {
    return undefined;
  }
}

const names = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** The lockfile decides; without one, package.json's `packageManager`; else npm. */
export function packageManagerOf(root: string, pkg: PackageJson | undefined): PackageManager {
  if (existsSync(join(root, "pnpm-lock.yaml"))) return "pnpm";
  if (existsSync(join(root, "yarn.lock"))) return "yarn";
  if (existsSync(join(root, "package-lock.json"))) return "npm";
  const declared = /^(npm|pnpm|yarn)@/.exec(pkg?.packageManager ?? "")?.[1];
  return (declared as PackageManager | undefined) ?? "npm";
}

/** A locally installed tool, run the way the package manager runs bins (never a download). */
export function binArgv(pm: PackageManager, tool: string, args: string[]): string[] {
  if (pm === "pnpm") return ["pnpm", "exec", tool, ...args];
  if (pm === "yarn") return ["yarn", tool, ...args];
  return ["npx", tool, ...args];
}

/** Workspace package directories from pnpm-workspace.yaml or package.json `workspaces` (`dir/*` globs). */
export function workspaceDirs(root: string, pkg: PackageJson | undefined): string[] {
  const patterns: string[] = [];
  const pnpmFile = join(root, "pnpm-workspace.yaml");
  if (existsSync(pnpmFile)) {
    for (const m of readFileSync(pnpmFile, "utf8").matchAll(/^\s*-\s*["']?([^"'\n#]+?)["']?\s*$/gm))
      patterns.push(m[1] as string);
  }
  const ws = pkg?.workspaces;
  patterns.push(...(Array.isArray(ws) ? ws : (ws?.packages ?? [])));
  const dirs: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith("!")) continue;
    const clean = pattern.replace(/\/+$/, "");
    const star = clean.match(/^(.*?)\/\*{1,2}$/);
    const candidates = star ? names(join(root, star[1] as string)).map((n) => `${star[1]}/${n}`) : [clean];
    for (const dir of candidates) {
      const full = join(root, dir);
      if (existsSync(join(full, "package.json")) && statSync(full).isDirectory()) dirs.push(dir);
    }
  }
  return [...new Set(dirs)].sort();
}

const RUNNERS = ["vitest", "jest", "mocha"] as const;

/**
 * JavaScript/TypeScript validators as the project runs them, read-only: `tsc --noEmit`, `eslint`
 * without --fix, `biome check` without --write, `prettier --check`, the test runner the test
 * script uses (vitest run, jest --ci so no snapshot is written, node --test, mocha).
 */
export function detectNode(
  root: string,
): { typescript: boolean; commands: Record<string, CommandConfig> } | undefined {
  const pkg = readPackageJson(root);
  if (pkg === undefined && !existsSync(join(root, "tsconfig.json"))) return undefined;
  const pm = packageManagerOf(root, pkg);
  const members = workspaceDirs(root, pkg).map((dir) => ({
    dir,
    pkg: readPackageJson(join(root, dir)) ?? {},
  }));
  const all = [pkg ?? {}, ...members.map((m) => m.pkg)];
  const deps = Object.assign({}, ...all.flatMap((p) => [p.dependencies ?? {}, p.devDependencies ?? {}]));
  const dep = (name: string) => name in deps;
  const has = (name: string) => existsSync(join(root, name));
  const anyFile = (pattern: RegExp) => names(root).some((n) => pattern.test(n));
  const bin = (tool: string, ...args: string[]) => binArgv(pm, tool, args);
  const commands: Record<string, CommandConfig> = {};
  const workspace = members.length > 0;

  const typescript =
    has("tsconfig.json") || dep("typescript") || members.some((m) => has(`${m.dir}/tsconfig.json`));
  if (typescript) {
    if (has("tsconfig.json") || !workspace)
      commands["typecheck"] = { argv: bin("tsc", "--noEmit"), timeout_s: 300 };
    else commands["typecheck"] = { argv: recursive(pm, ["exec", "tsc", "--noEmit"]), timeout_s: 300 };
  }
  if (dep("@biomejs/biome") || has("biome.json") || has("biome.jsonc"))
    commands["lint"] = { argv: bin("biome", "check", "."), timeout_s: 300 };
  else if (dep("eslint") || anyFile(/^(eslint\.config\.[cm]?[jt]s|\.eslintrc(\..+)?)$/))
    commands["lint"] = { argv: bin("eslint", "."), timeout_s: 300 };
  if (dep("prettier") || anyFile(/^(\.prettierrc(\..+)?|prettier\.config\.[cm]?js)$/))
    commands["format"] = { argv: bin("prettier", "--check", "."), timeout_s: 300 };

  const unit = testCommand(
    pm,
    pkg?.scripts?.["test"],
    dep,
    workspace && members.some((m) => realTest(m.pkg.scripts?.["test"])),
  );
  if (unit !== undefined) commands["unit"] = { argv: unit, timeout_s: 600 };
  return { typescript, commands };
}

function testCommand(
  pm: PackageManager,
  script: string | undefined,
  dep: (name: string) => boolean,
  membersTest: boolean,
): string[] | undefined {
  const bin = (tool: string, ...args: string[]) => binArgv(pm, tool, args);
  const words = realTest(script) ? (script as string).trim().split(/\s+/) : [];
  const simple = words.length > 0 && !/[|&;<>$`]/.test(script ?? "");
  const runner = words[0];
  if (simple && runner === "node" && words.includes("--test")) return words;
  if (simple && runner === "vitest")
    return bin("vitest", "run", ...words.slice(1).filter((w) => w !== "run" && w !== "--watch"));
  if (simple && runner === "jest")
    return bin("jest", "--ci", ...words.slice(1).filter((w) => w !== "--ci" && w !== "--watch"));
  if (simple && runner === "mocha") return bin("mocha", ...words.slice(1));
  if (realTest(script)) return pm === "yarn" ? ["yarn", "test"] : [pm, "test"];
  if (membersTest) return recursive(pm, ["test"]);
  for (const r of RUNNERS)
    if (dep(r)) return r === "vitest" ? bin("vitest", "run") : r === "jest" ? bin("jest", "--ci") : bin(r);
  return undefined;
}

/** The same command in every workspace package. */
function recursive(pm: PackageManager, args: string[]): string[] {
  if (pm === "pnpm") return ["pnpm", "-r", ...args];
  if (pm === "yarn")
    return ["yarn", "workspaces", "foreach", "-A", "run", ...args.filter((a) => a !== "exec")];
  return args[0] === "exec"
    ? ["npm", "exec", "--workspaces", "--", ...args.slice(1)]
    : ["npm", "--workspaces", "--if-present", ...args];
}

/** `npm init` writes a test script that only fails; it is not a test suite. */
export function realTest(script: string | undefined): boolean {
  return script !== undefined && script.trim() !== "" && !script.includes("no test specified");
}
