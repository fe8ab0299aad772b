import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory Leash is installed in: the nearest one above this module whose package.json is
 * Leash's. Code runs from src/ (tests), dist/ (the library) and dist/bundle/ (the CLI), at
 * different depths, so data/, demo/ and package.json are found by walking up, not by a fixed `../..`.
 */
export function packageRoot(): string {
  root ??= findRoot(dirname(fileURLToPath(import.meta.url)));
  return root;
}

let root: string | undefined;

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && isLeash(manifest)) return dir;
    if (dirname(dir) === dir) return dirname(start);
  }
}

function isLeash(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "leash-cli";
  } catch {
    return false;
  }
}

/** A file shipped with Leash, e.g. `data/defaults.yaml`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
