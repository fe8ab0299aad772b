import { readFile } from "node:fs/promises";
import { packagePath } from "../package-root.js";

/** `data/` ships at the package root; found from Leash's own location, never the working directory. */
export function dataPath(name: string): string {
  return packagePath("data", name);
}

export const DEFAULTS_FILE = dataPath("defaults.yaml");

export async function readDefaultsText(): Promise<string> {
  return readFile(DEFAULTS_FILE, "utf8");
}
