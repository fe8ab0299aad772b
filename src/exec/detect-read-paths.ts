import { realpathSync } from "node:fs";
import { basename, dirname, relative, sep } from "node:path";
import type { CommandConfig } from "../config/schema.js";
import { findOnPath } from "./sandbox-check.js";

/**
 * Version managers keep the whole toolchain in one directory under the home, and their shims
 * call back into it: the directory itself is what a sandboxed command needs.
 */
export const VERSION_MANAGERS = [
  ".pyenv",
  ".nvm",
  ".volta",
  ".asdf",
  ".rbenv",
  ".rustup",
  ".cargo",
  ".sdkman",
  ".fnm",
  ".bun",
  ".deno",
];

const realOr = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/**
 * The `sandbox.read_paths` `leash init` proposes: where the programs of the commands it writes
 * (and node, which `npx` and `npm` run) resolve under the home directory, which the sandbox hides.
 * Written as `~/…`; nothing outside the home is proposed (it stays visible anyway).
 */
export function detectReadPaths(
  commands: Record<string, CommandConfig>,
  env: Record<string, string | undefined>,
): string[] {
  const home = env.HOME ? realOr(env.HOME) : undefined;
  if (!home || home === "/") return [];
  const programs = new Set(Object.values(commands).map((c) => c.argv[0] ?? ""));
  if ([...programs].some((p) => ["npx", "npm", "node", "pnpm", "yarn"].includes(p))) programs.add("node");
  const found = new Set<string>();
  for (const program of programs) {
    const onPath = program.includes("/") ? undefined : findOnPath(program, env.PATH);
    if (!onPath) continue;
    // The shim's own location counts as much as where it leads (pyenv shims are scripts).
    for (const path of [onPath, realOr(onPath)]) {
      const rel = relative(home, path);
      if (rel.startsWith("..") || rel === "" || rel.startsWith(sep)) continue;
      const top = rel.split(sep)[0] as string;
      if (VERSION_MANAGERS.includes(top)) found.add(`~/${top}`);
      else {
        const dir = dirname(path);
        const prefix = basename(dir) === "bin" ? dirname(dir) : dir;
        found.add(`~/${relative(home, prefix)}`);
      }
    }
  }
  return [...found].filter((p) => p !== "~/").sort();
}
