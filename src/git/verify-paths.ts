import { lstat, readlink } from "node:fs/promises";
import { join } from "node:path";
import { fileMode, hashBytes, hashPaths, type TreeMap } from "./scan-worktree.js";

/** Every directory that holds a file of the tree: what "existed at the checkpoint" means for folders. */
export function directoriesOf(tree: TreeMap): Set<string> {
  const dirs = new Set<string>();
  for (const path of tree.keys()) {
    for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) dirs.add(path.slice(0, i));
  }
  return dirs;
}

/** Paths whose disk state differs from the tree: wrong bytes, wrong mode, missing or unexpected. */
export async function verifyPaths(repoRoot: string, tree: TreeMap, paths: string[]): Promise<string[]> {
  const dirs = directoriesOf(tree);
  const mismatches: string[] = [];
  const regular: { path: string; oid: string }[] = [];
  for (const path of paths) {
    const entry = tree.get(path);
    const st = await lstat(join(repoRoot, path)).catch(() => undefined);
    if (!entry) {
      // A directory at the checkpoint passes as a directory; anything else must be gone.
      if (st && !(st.isDirectory() && dirs.has(path))) mismatches.push(path);
    } else if (entry.mode === "160000") {
      if (!st?.isDirectory()) mismatches.push(path);
    } else if (entry.mode === "120000") {
      const ok =
        st?.isSymbolicLink() &&
        (await hashBytes(repoRoot, Buffer.from(await readlink(join(repoRoot, path))), false)) === entry.oid;
      if (!ok) mismatches.push(path);
    } else if (!st?.isFile() || fileMode(st) !== entry.mode) {
      mismatches.push(path);
    } else regular.push({ path, oid: entry.oid });
  }
  const oids = await hashPaths(
    repoRoot,
    regular.map((r) => r.path),
    false,
  );
  regular.forEach((r, i) => {
    if (oids[i] !== r.oid) mismatches.push(r.path);
  });
  return mismatches.sort();
}
