import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { InternalError } from "../errors.js";
import { packagePath } from "../package-root.js";
import { isPlainObject } from "./merge.js";

/** `data/` ships at the package root; found from Leash's own location, never the working directory. */
export function dataPath(name: string): string {
  return packagePath("data", name);
}

export const DEFAULTS_FILE = dataPath("defaults.yaml");
/**
 * The defaults as JSON, written by the build (scripts/defaults-json.mjs) with the hash of the YAML
 * they came from: parsing the YAML costs a run ≈ 30 ms of cold parser code, JSON.parse well under
 * one. The YAML stays the source; a cache whose hash does not match it is ignored.
 */
export const DEFAULTS_CACHE = packagePath("dist", "defaults.json");

export const defaultsHash = (text: string): string => createHash("sha256").update(text).digest("hex");

export async function readDefaults(
  files: { yaml: string; cache: string } = { yaml: DEFAULTS_FILE, cache: DEFAULTS_CACHE },
): Promise<Record<string, unknown>> {
  const text = await readFile(files.yaml, "utf8");
  // Missing or damaged, the cache is only a shortcut: the YAML answers.
  const cache = await readFile(files.cache, "utf8")
    .then((json): unknown => JSON.parse(json))
    .catch(() => undefined);
  if (isPlainObject(cache) && cache["sha256"] === defaultsHash(text) && isPlainObject(cache["value"])) {
    return cache["value"];
  }
  return parseDefaultsText(text);
}

export function parseDefaultsText(text: string): Record<string, unknown> {
  const value: unknown = parse(text);
  if (!isPlainObject(value)) {
    throw new InternalError("config.defaults_broken", "data/defaults.yaml is not a mapping", {
      hint: "reinstall Leash; the bundled defaults file is damaged",
    });
  }
  return value;
}
