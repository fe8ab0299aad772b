import { readFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { type CatalogFill, fillFromCatalog } from "../budget/fill-from-catalog.js";
import { InputError } from "../errors.js";
import { readDefaultsText } from "./defaults.js";
import { ConfigInvalid } from "./file-invalid.js";
import { resolveConfig } from "./resolve.js";
import type { LeashConfig } from "./schema.js";

export interface LoadedConfig {
  config: LeashConfig;
  /** The price catalog, when `pricing.catalog` priced some model: package, version, data date. */
  catalog?: CatalogFill["catalog"];
  /** Absolute path of the config file that was read. */
  file: string;
  repoRoot: string;
}

/**
 * Reads `--config` or `<repoRoot>/leash.yaml`, merges it over the defaults, and validates it.
 * The caller finds the repository root (cli/load-repo-config.ts): config is data and starts no git.
 */
export async function loadConfig(options: {
  cwd: string;
  repoRoot: string;
  configPath?: string;
}): Promise<LoadedConfig> {
  const { repoRoot } = options;
  const file = options.configPath ? resolve(options.cwd, options.configPath) : join(repoRoot, "leash.yaml");
  const displayFile = displayPath(options.cwd, file);
  const userText = await readConfigText(file, displayFile);
  const result = resolveConfig({
    userText,
    displayFile,
    defaultsText: await readDefaultsText(),
    defaultProject: basename(repoRoot),
  });
  if (!result.ok) throw new ConfigInvalid(result.errors);
  const filled = fillFromCatalog(result.config);
  if (filled.unpriced.length > 0)
    throw new ConfigInvalid(filled.unpriced.map((u) => unpricedError(u, displayFile)));
  return { config: filled.config, file, repoRoot, ...(filled.catalog ? { catalog: filled.catalog } : {}) };
}

function unpricedError(u: { role: string; model: string }, displayFile: string): InputError {
  return new InputError(
    "config.model_without_price",
    `role \`${u.role}\` uses model \`${u.model}\`, which has no price in pricing.models nor in the price catalog for its provider; a model with no price is never called`,
    {
      location: { file: displayFile, field: `roles.${u.role}.model` },
      hint: `add pricing.models.${u.model} with input and output prices (USD per 1M tokens; a free local model needs an explicit 0)`,
    },
  );
}

async function readConfigText(file: string, displayFile: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new InputError(
      missing ? "config.missing" : "config.unreadable",
      missing ? `no config file at ${displayFile}` : `cannot read ${displayFile}`,
      {
        location: { file: displayFile },
        hint: missing
          ? "run `leash init` to write one, or pass --config FILE"
          : "check the file's permissions",
        cause: error,
      },
    );
  }
}

/** Paths inside the working directory read best relative; others stay absolute. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}
