import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";

/** An executable file, not a directory of the same name. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where the spawn will find `program`: a path relative to cwd, or the first hit on PATH. */
export function findOnPath(program: string, cwd: string, pathVar: string | undefined): string | undefined {
  if (program.includes("/")) {
    const full = isAbsolute(program) ? program : resolve(cwd, program);
    return isExecutable(full) ? full : undefined;
  }
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (dir === "") continue;
    const full = join(isAbsolute(dir) ? dir : resolve(cwd, dir), program);
    if (isExecutable(full)) return full;
  }
  return undefined;
}

/** `node_modules/.bin/<bin>` in cwd or above it, up to `stopAt` (the repository root), as npx looks. */
export function findLocalBin(bin: string, cwd: string, stopAt: string): string | undefined {
  let dir = resolve(cwd);
  const stop = resolve(stopAt);
  for (;;) {
    const full = join(dir, "node_modules", ".bin", bin);
    if (isExecutable(full)) return full;
    if (dir === stop || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** The `scripts` of the package.json in cwd, or undefined when there is none. */
export function packageScripts(cwd: string): Record<string, string> | undefined {
  const file = join(cwd, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { scripts?: Record<string, string> };
    return pkg.scripts ?? {};
  } catch {
    return {};
  }
}
