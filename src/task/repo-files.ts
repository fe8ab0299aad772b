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
 * Whether `relPath` is in what listRepoFiles would list, without listing: each segment is looked
 * up by its exact name in its parent (so `README.md` does not match `Readme.md`, even where the
 * file system ignores case), no segment is a skipped directory or a symlink to one, and the last
 * is not a directory. A task names a few files; a repository can hold 100,000.
 */
export function isRepoFile(repoRoot: string, relPath: string): boolean {
  const segments = relPath.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return false;
  let dir = repoRoot;
  for (const [i, name] of segments.entries()) {
    const last = i === segments.length - 1;
    if (!last && SKIP_DIRS.has(name)) return false;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    const entry = entries.find((e) => e.name === name);
    if (!entry) return false;
    if (last) return !entry.isDirectory();
    if (!entry.isDirectory()) return false;
    dir = join(dir, name);
  }
  return false;
}

/**
 * Every file under the repository (tracked, untracked and ignored alike: an allowed file that
 * exists is a file that exists), for matching globs and suggesting close names.
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
