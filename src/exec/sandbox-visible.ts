import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { VERSION_MANAGERS } from "./detect-read-paths.js";
import { findOnPath } from "./sandbox-check.js";

/**
 * What a sandboxed command may see of the host beyond the system: the real home directories are
 * hidden, and only these come back, read-only. Decided from the disk (real paths, PATH), so it
 * lives apart from the pure argv builder.
 */
export interface Visibility {
  /** Hidden behind an empty tmpfs: the home of the account and of $HOME. */
  hide: string[];
  /** Bound back read-only, after the hiding: `sandbox.read_paths`, toolchains, the main repository. */
  readOnly: string[];
}

const real = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

const inside = (path: string, dir: string) =>
  path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** The real home directories; `/` (a service account's) is never hidden, it would hide everything. */
export function realHomes(env: Record<string, string | undefined>): string[] {
  const candidates = [env.HOME, safeUserHome(), homedir()].filter(
    (h): h is string => typeof h === "string" && isAbsolute(h),
  );
  return [...new Set(candidates.map(real))].filter((h) => h !== "/" && existsSync(h));
}

function safeUserHome(): string | undefined {
  try {
    return userInfo().homedir;
  } catch {
    return undefined;
  }
}

/** `~/x` → the home of $HOME; absolute paths as they are; anything else is not a path Leash binds. */
export function expandReadPath(path: string, home: string | undefined): string | undefined {
  if (path === "~" || path.startsWith("~/")) return home ? join(home, path.slice(2)) : undefined;
  return isAbsolute(path) ? path : undefined;
}

/**
 * A program's install prefix: `~/.nvm/versions/node/v20/bin/node` → `~/.nvm/versions/node/v20`,
 * so its own `lib/` (npm, global modules) comes along.
 */
function installPrefix(program: string): string {
  const dir = dirname(program);
  return basename(dir) === "bin" ? dirname(dir) : dir;
}

/**
 * A version manager's shims (`~/.pyenv/shims/python3`) call back into the manager's own tree, so
 * a program found under one brings the manager's whole directory, not just its own folder.
 */
function managerRoot(program: string, homes: readonly string[]): string | undefined {
  for (const home of homes) {
    if (!inside(program, home)) continue;
    const top = program.slice(home.length + 1).split(sep)[0] ?? "";
    if (VERSION_MANAGERS.includes(top)) return join(home, top);
  }
  return undefined;
}

/** Toolchains the command needs that live under a hidden home: its program, and node's. */
export function toolchainDirs(argv0: string, env: Record<string, string | undefined>, cwd: string): string[] {
  const homes = realHomes(env);
  const programs = [
    isAbsolute(argv0) ? argv0 : argv0.includes("/") ? resolve(cwd, argv0) : findOnPath(argv0, env.PATH),
    findOnPath("node", env.PATH),
    process.execPath,
  ];
  return programs
    .filter((p): p is string => p !== undefined && existsSync(p))
    .flatMap((p) => [p, real(p)])
    .map((p) => managerRoot(p, homes) ?? installPrefix(real(p)));
}

/**
 * A worktree's `.git` is a file naming a directory inside the main repository's `.git`; the main
 * repository (its git metadata, and the node_modules the worktree links to) must stay readable.
 */
export function mainRepoOf(cwd: string): string | undefined {
  const dotGit = join(cwd, ".git");
  try {
    if (!statSync(dotGit).isFile()) return undefined;
    const gitdir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
    if (!gitdir) return undefined;
    const abs = real(resolve(cwd, gitdir));
    const worktrees = dirname(abs);
    if (basename(worktrees) !== "worktrees") return undefined;
    return dirname(dirname(worktrees));
  } catch {
    return undefined;
  }
}

export function sandboxVisibility(input: {
  argv0: string;
  cwd: string;
  env: Record<string, string | undefined>;
  readPaths: readonly string[];
}): Visibility {
  const hide = realHomes(input.env);
  const home = input.env.HOME;
  const granted = input.readPaths
    .map((p) => expandReadPath(p, home))
    .filter((p): p is string => p !== undefined)
    .map(real);
  const needed = [...toolchainDirs(input.argv0, input.env, input.cwd)];
  const main = mainRepoOf(input.cwd);
  if (main) needed.push(main);
  // Only what the hiding took away needs binding back; the rest is visible already.
  const underHidden = needed.filter((d) => hide.some((h) => inside(d, h)));
  return { hide, readOnly: [...new Set([...granted, ...underHidden])] };
}
