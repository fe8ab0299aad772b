import { lstat, readFile, readlink } from "node:fs/promises";
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

/**
 * Paths whose disk state differs from the tree: wrong bytes, wrong mode, missing or unexpected.
 * Where the caller already holds a blob's bytes (a rollback read them to write them back), the
 * file is compared with them, which is the same test as its id without a `git hash-object`.
 */
export async function verifyPaths(
  repoRoot: string,
  tree: TreeMap,
  paths: string[],
  known: ReadonlyMap<string, Buffer> = new Map(),
): Promise<string[]> {
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
      const target = st?.isSymbolicLink() ? Buffer.from(await readlink(join(repoRoot, path))) : undefined;
      const expected = known.get(entry.oid);
      const ok =
        target !== undefined &&
        (expected ? target.equals(expected) : (await hashBytes(repoRoot, target, false)) === entry.oid);
      if (!ok) mismatches.push(path);
    } else if (!st?.isFile() || fileMode(st) !== entry.mode) {
      mismatches.push(path);
    } else {
      const expected = known.get(entry.oid);
      if (!expected) regular.push({ path, oid: entry.oid });
      else if (st.size !== expected.length || !(await readFile(join(repoRoot, path))).equals(expected)) {
        mismatches.push(path);
      }
    }
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
