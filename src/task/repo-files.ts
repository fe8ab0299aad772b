import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Directories never walked: Leash's own state, git's, and installed dependencies. */
const SKIP_DIRS = new Set([".git", ".leash", "node_modules"]);
/** Enough for a large monorepo; past it the listing is partial and says so. */
export const MAX_LISTED_FILES = 100_000;

export interface RepoFileList {
  /** Repo-relative paths with `/` separators, sorted. */
  files: string[];
  truncated: boolean;
}

/**
 * Every file under the repository (tracked, untracked and ignored alike: an allowed file that
 * exists is a file that exists), for matching task entries and suggesting close names.
 */
export function listRepoFiles(repoRoot: string): RepoFileList {
  const files: string[] = [];
  let truncated = false;
  const walk = (dir: string, rel: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (files.length >= MAX_LISTED_FILES) {
        truncated = true;
        return;
      }
      const relPath = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name), relPath);
      } else files.push(relPath);
    }
  };
  walk(repoRoot, "");
  return { files: files.sort(), truncated };
}
