import {
  chmod,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  symlink,
  writeFile,
} from "node:fs/promises";
import { dirname, join } from "node:path";
import { InputError } from "../errors.js";
import { killPoint } from "../exec/kill-point.js";
import type { Checkpoint } from "./checkpoint.js";
import { readBlobs } from "./read-blobs.js";
import { readTree } from "./scan-worktree.js";
import { directoriesOf, verifyPaths } from "./verify-paths.js";

export type RollbackResult =
  /** Every path now matches the checkpoint: `restored` were written back, `removed` did not exist then. */
  | { ok: true; restored: string[]; removed: string[] }
  /** Paths that still differ after the rollback; the operator must look at them. */
  | { ok: false; mismatches: string[]; failures: RestoreFailure[] };

/** A path that could not be written back, with the system's reason (EACCES, EROFS, ENOSPC…). */
export interface RestoreFailure {
  path: string;
  code: string;
  message: string;
}

/**
 * Puts each given path back to its checkpoint bytes (or removes it if it did not exist then),
 * then checks every one. The index is never touched: only the working files move.
 */
export async function rollbackToCheckpoint(
  repoRoot: string,
  checkpoint: Checkpoint,
  paths: string[],
): Promise<RollbackResult> {
  const wanted = [...new Set(paths.map(normalizeRepoPath))].sort();
  const tree = await readTree(repoRoot, checkpoint.tree);
  const dirsAtCheckpoint = directoriesOf(tree);
  const removed: string[] = [];
  const restored: string[] = [];
  const failures: RestoreFailure[] = [];
  await removeRestoreLeftovers(repoRoot, wanted, tree);
  // Removals first: a file the run created may sit where a checkpoint directory must come back.
  for (const path of wanted.filter((p) => !tree.has(p))) {
    // Never follow a link the run may have planted: that could delete outside the repository.
    if (!(await parentsAreRealDirs(repoRoot, path))) continue;
    if (dirsAtCheckpoint.has(path)) {
      const st = await lstat(join(repoRoot, path)).catch(() => undefined);
      if (st && !st.isDirectory()) await rm(join(repoRoot, path), { force: true });
      continue;
    }
    if (await exists(join(repoRoot, path))) {
      await rm(join(repoRoot, path), { recursive: true, force: true });
      removed.push(path);
    }
    await removeEmptyParents(repoRoot, path, dirsAtCheckpoint);
  }
  const blobs = await readBlobs(
    repoRoot,
    wanted.flatMap((p) => {
      const e = tree.get(p);
      return e && e.mode !== "160000" ? [e.oid] : [];
    }),
  );
  for (const path of wanted) {
    const entry = tree.get(path);
    if (!entry || entry.mode === "160000") continue;
    const perms = checkpoint.modes?.[path] ?? (entry.mode === "100755" ? 0o755 : 0o644);
    const bytes = blobs.get(entry.oid);
    if (!bytes) {
      failures.push({
        path,
        code: "git.missing_object",
        message: `the checkpoint's blob ${entry.oid} is not in the object store (was it pruned?)`,
      });
      continue;
    }
    try {
      if (await restoreEntry(repoRoot, path, entry.mode, bytes, perms)) restored.push(path);
    } catch (error) {
      // One unwritable path must not stop the others from being restored.
      const e = error as NodeJS.ErrnoException;
      failures.push({ path, code: e.code ?? "EIO", message: e.message });
    }
  }
  const mismatches = await verifyPaths(repoRoot, tree, wanted, blobs);
  return mismatches.length > 0 || failures.length > 0
    ? { ok: false, mismatches, failures }
    : { ok: true, restored, removed };
}

/**
 * A backslash is part of a file's name to git on POSIX, not a separator: turning it into "/"
 * made a rollback of `a\b.txt` look at `a/b.txt`, find it absent as expected, and report a
 * success while the real file stayed changed.
 */
export function normalizeRepoPath(path: string): string {
  const clean = path.replace(/^\.\//, "").replace(/\/+$/, "");
  const parts = clean.split("/");
  if (
    clean === "" ||
    clean.startsWith("/") ||
    parts.some((p) => p === ".." || p === "." || p === "") ||
    parts[0] === ".git"
  ) {
    throw new InputError("git.bad_path", `"${path}" is not a repository-relative file path`, {
      hint: "paths must be relative to the repository root, without .. or .git",
    });
  }
  return clean;
}

async function removeEmptyParents(repoRoot: string, path: string, keep: Set<string>): Promise<void> {
  for (let dir = dirname(path); dir !== "." && !keep.has(dir); dir = dirname(dir)) {
    const full = join(repoRoot, dir);
    const names = await readdir(full).catch(() => undefined);
    if (names === undefined) continue;
    if (names.length > 0) return;
    await rmdir(full);
  }
}

/**
 * Writes one path back; false when it already had the checkpoint's bytes and mode. Leaving equal
 * paths alone matters: a path in a read-only directory that the run never managed to change
 * must not turn a clean rollback into a failed one.
 */
async function restoreEntry(
  repoRoot: string,
  path: string,
  mode: string,
  bytes: Buffer,
  perms: number,
): Promise<boolean> {
  const full = join(repoRoot, path);
  if (await alreadyEqual(full, mode, bytes, perms)) return false;
  await makeRealParents(repoRoot, path);
  const current = await lstat(full).catch(() => undefined);
  if (current?.isDirectory()) await rm(full, { recursive: true, force: true });
  if (mode === "120000") {
    await rm(full, { force: true });
    await symlink(bytes.toString("utf8"), full);
    return true;
  }
  const now = await lstat(full).catch(() => undefined);
  if (
    now?.isFile() &&
    (await readFile(full).then(
      (b) => b.equals(bytes),
      () => false,
    ))
  ) {
    // Only the mode differs: no need to rewrite the bytes.
    await chmod(full, perms);
    return true;
  }
  // Write beside and rename, so a crash mid-write never leaves a half file in the tree.
  const tmp = `${full}.leash-restore-${process.pid}`;
  await writeFile(tmp, bytes, { mode: 0o600 });
  await chmod(tmp, perms);
  killPoint("rollback:writing");
  await rename(tmp, full);
  return true;
}

async function alreadyEqual(full: string, mode: string, bytes: Buffer, perms: number): Promise<boolean> {
  const st = await lstat(full).catch(() => undefined);
  if (!st) return false;
  if (mode === "120000") return st.isSymbolicLink() && (await readlink(full)) === bytes.toString("utf8");
  if (!st.isFile() || (st.mode & 0o7777) !== perms || st.size !== bytes.length) return false;
  return (await readFile(full)).equals(bytes);
}

async function parentsAreRealDirs(repoRoot: string, path: string): Promise<boolean> {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const st = await lstat(join(repoRoot, ...parts.slice(0, i))).catch(() => undefined);
    if (!st) return true;
    if (!st.isDirectory()) return false;
  }
  return true;
}

/** Each parent becomes a real directory: a file or symlink in the way (left by the run) is removed, never followed. */
async function makeRealParents(repoRoot: string, path: string): Promise<void> {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const dir = join(repoRoot, ...parts.slice(0, i));
    const st = await lstat(dir).catch(() => undefined);
    if (st?.isDirectory()) continue;
    if (st) await rm(dir, { force: true });
    await mkdir(dir);
  }
}

/** A rollback killed mid-write leaves `<path>.leash-restore-<pid>` beside the path; it goes too. */
async function removeRestoreLeftovers(repoRoot: string, paths: string[], tree: Map<string, unknown>) {
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    if (!(await parentsAreRealDirs(repoRoot, join(dir, "x")))) continue;
    const names = await readdir(join(repoRoot, dir)).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^(.+)\.leash-restore-\d+$/.exec(name);
      const rel = dir === "." ? name : `${dir}/${name}`;
      const owner = m?.[1] === undefined ? undefined : dir === "." ? m[1] : `${dir}/${m[1]}`;
      if (owner && paths.includes(owner) && !tree.has(rel)) await rm(join(repoRoot, rel), { force: true });
    }
  }
}

async function exists(full: string): Promise<boolean> {
  return (await lstat(full).catch(() => undefined)) !== undefined;
}
