import { fillFromCatalog } from "../budget/fill-from-catalog.js";
import { ConfigInvalid } from "../config/file-invalid.js";
import { displayPath, type LoadedConfig, loadConfig } from "../config/load.js";
import { InputError } from "../errors.js";
import { type RepoFacts, readRepoFacts } from "../git/repo-facts.js";

/** The config and what one `git rev-parse` told about the repository it belongs to. */
export interface LoadedRepoConfig extends LoadedConfig {
  facts: RepoFacts;
}

/**
 * The repository around `cwd` and its config: every command that needs both starts here. With
 * `pricing.catalog: true`, role models the config does not price take the catalog's price here.
 */
export async function loadRepoConfig(cwd: string, configPath?: string): Promise<LoadedRepoConfig> {
  const facts = await readRepoFacts(cwd);
  const repoRoot = facts.root;
  const loaded = await loadConfig({ cwd, repoRoot, ...(configPath ? { configPath } : {}) });
  const filled = fillFromCatalog(loaded.config);
  if (filled.unpriced.length > 0) {
    const displayFile = displayPath(cwd, loaded.file);
    throw new ConfigInvalid(filled.unpriced.map((u) => unpricedError(u, displayFile)));
  }
  return { ...loaded, facts, config: filled.config, ...(filled.catalog ? { catalog: filled.catalog } : {}) };
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
