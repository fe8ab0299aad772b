import { type LoadedConfig, loadConfig } from "../config/load.js";
import { findRepoRoot } from "../git/repo-root.js";

/** The repository around `cwd` and its config: every command that needs both starts here. */
export async function loadRepoConfig(cwd: string, configPath?: string): Promise<LoadedConfig> {
  const repoRoot = await findRepoRoot(cwd);
  return loadConfig({ cwd, repoRoot, ...(configPath ? { configPath } : {}) });
}
