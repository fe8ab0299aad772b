import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import picomatch from "picomatch";
import { InputError } from "../errors.js";

/**
 * Task arguments are files or globs (`tasks/*.yaml`), resolved against the working directory
 * so a quoted glob works the same as one the shell expanded. A glob that matches nothing is an
 * error, never a silent no-op.
 */
export function expandTaskArgs(cwd: string, args: string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (!picomatch.scan(arg).isGlob) {
      out.push(resolve(cwd, arg));
      continue;
    }
    const { base, glob } = picomatch.scan(arg);
    const root = resolve(cwd, base || ".");
    const match = picomatch(glob);
    const found = walk(root).filter((file) => match(relative(root, file).split("\\").join("/")));
    if (found.length === 0) {
      throw new InputError("task.glob_empty", `no task file matches ${arg}`, {
        hint: "check the pattern; quote it so the shell does not expand it first",
      });
    }
    out.push(...found.sort());
  }
  return [...new Set(out)];
}

function walk(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (name === "node_modules" || name === ".git" || name === ".leash") return [];
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
