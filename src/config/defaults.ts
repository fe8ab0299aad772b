import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * `data/` sits two levels above this module both in src/config (tests) and dist/config (the
 * built CLI), so it is found from the module's own URL rather than the working directory.
 */
export function dataPath(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}

export const DEFAULTS_FILE = dataPath("defaults.yaml");

export async function readDefaultsText(): Promise<string> {
  return readFile(DEFAULTS_FILE, "utf8");
}
