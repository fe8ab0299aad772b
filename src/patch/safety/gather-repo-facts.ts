import { lstat, readdir, readlink, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { runGit } from "../../exec/run-git.js";
import { components, isGitComponent, lexicallyOutside, walkedComponents } from "./path-shape.js";
import type { PathFacts, RepoFacts, SymlinkHop } from "./types.js";

/**
 * Reads, before any pure check runs, what the disk and the index say about each path: the
 * symlinks on its way, existing names that differ only in case, and its tracked mode.
 */
export async function gatherRepoFacts(repoRoot: string, paths: string[]): Promise<RepoFacts> {
  const root = await realpath(repoRoot);
  const tracked = await trackedModes(root);
  const trackedByCase = new Map<string, string[]>();
  for (const p of tracked.keys()) {
    const key = p.toLowerCase();
    trackedByCase.set(key, [...(trackedByCase.get(key) ?? []), p]);
  }
  const out: RepoFacts = { repoRoot: root, paths: {} };
  for (const path of new Set(paths)) {
    const facts: PathFacts = { exists: false, isSymlink: false, symlinks: [], caseTwins: [] };
    const mode = tracked.get(path);
    if (mode !== undefined) facts.trackedMode = mode;
    for (const twin of trackedByCase.get(path.toLowerCase()) ?? [])
      if (twin !== path) facts.caseTwins.push(twin);
    // Lexically bad paths are refused without touching the disk outside the repo.
    if (!lexicallyOutside(path) && !components(path).some(isGitComponent)) await walk(root, path, facts);
    out.paths[path] = facts;
  }
  return out;
}

async function walk(root: string, path: string, facts: PathFacts): Promise<void> {
  const parts = walkedComponents(path);
  let dir = root;
  for (const [k, part] of parts.entries()) {
    const full = join(dir, part);
    const prefix = parts.slice(0, k + 1).join("/");
    const st = await lstat(full).catch(() => null);
    if (!st) {
      const names = await readdir(dir).catch(() => [] as string[]);
      const twin = names.find((n) => n !== part && n.toLowerCase() === part.toLowerCase());
      if (twin !== undefined) {
        const shown = [...parts.slice(0, k), twin].join("/");
        const known = facts.caseTwins.some((t) => t === shown || t.startsWith(`${shown}/`));
        if (!known) facts.caseTwins.push(shown);
      }
      return;
    }
    if (st.isSymbolicLink()) {
      facts.symlinks.push(await hop(root, full, prefix));
      if (k === parts.length - 1) {
        facts.isSymlink = true;
        facts.exists = true;
      }
      return;
    }
    if (k === parts.length - 1) facts.exists = true;
    dir = full;
  }
}

async function hop(root: string, full: string, at: string): Promise<SymlinkHop> {
  const target = await readlink(full);
  const resolved = await realpath(full).catch(() => resolve(join(full, ".."), target));
  const rel = relative(root, resolved);
  return { at, target, leavesRepo: rel.startsWith("..") || isAbsolute(rel) };
}

async function trackedModes(root: string): Promise<Map<string, string>> {
  const res = await runGit(["ls-files", "-s", "-z"], { cwd: root });
  const out = new Map<string, string>();
  if (res.exitCode !== 0) return out;
  for (const entry of res.stdout.toString("utf8").split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab > 0) out.set(entry.slice(tab + 1), entry.slice(0, 6));
  }
  return out;
}
