import { readFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { InputError } from "../errors.js";
import { readDefaults } from "./defaults.js";
import { ConfigInvalid } from "./file-invalid.js";
import { ledgerPathErrors } from "./ledger-path.js";
import { refuseIfNotRegularFile } from "./regular-file.js";
import { resolveConfig } from "./resolve.js";
import type { LeashConfig } from "./schema.js";
import { parseYamlSource } from "./yaml-source.js";

export interface LoadedConfig {
  config: LeashConfig;
  /** The price catalog, when `pricing.catalog` priced some model: package, version, data date. */
  catalog?: { package: string; version: string; dataDate: string; models: string[] } | null;
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
    defaults: await readDefaults(),
    defaultProject: basename(repoRoot),
  });
  if (!result.ok) throw new ConfigInvalid(result.errors);
  const ledgerErrors = ledgerPathErrors(
    repoRoot,
    result.config.ledger.path,
    ledgerLocation(displayFile, userText),
  );
  if (ledgerErrors.length > 0) throw new ConfigInvalid(ledgerErrors);
  return { config: result.config, file, repoRoot };
}

/** Where the operator set ledger.path, or the file itself when the default applies. */
function ledgerLocation(displayFile: string, text: string) {
  const parsed = parseYamlSource(displayFile, text, "config");
  if (!parsed.ok || !parsed.source.has(["ledger", "path"]))
    return { file: displayFile, field: "ledger.path" };
  return parsed.source.locate(["ledger", "path"]);
}

async function readConfigText(file: string, displayFile: string): Promise<string> {
  refuseIfNotRegularFile(file, displayFile, "config.not_a_file", "config file");
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
