import { type BigIntStats, lstatSync } from "node:fs";
import { readlink } from "node:fs/promises";
import { join } from "node:path";
import { gitOk, quotePath, splitNul } from "./git-call.js";
import { type FileStat, fileSystemNow, knownOids, rememberOids, TRUST_MARGIN_NS } from "./stat-cache.js";

/**
 * The working tree as git would store it, but byte for byte: hashing with --no-filters skips
 * autocrlf, eol attributes and clean filters, so a checkpoint blob is exactly the file on disk
 * and a rollback writes back exactly what was there.
 */

export interface TreeEntry {
  /** Git mode: 100644, 100755, 120000 (symlink) or 160000 (submodule). */
  mode: string;
  oid: string;
  /** A file's permission bits on disk, which git does not keep (a 0444 file is 100644 to git). */
  perms?: number;
}

export type TreeMap = Map<string, TreeEntry>;

export const LEASH_DIR = ".leash";
const EXCLUDE_LEASH = `:(exclude,top)${LEASH_DIR}`;

export function fileMode(st: { mode: number }): string {
  return st.mode & 0o111 ? "100755" : "100644";
}

export interface ScanOptions {
  /** Write the blobs to the object store (a checkpoint) or only compute their ids (a comparison). */
  write: boolean;
  /** How much older than the scan a file's ctime must be for its id to be reused later (tests). */
  trustMarginNs?: bigint;
}

export async function scanWorkingTree(repoRoot: string, options: ScanOptions): Promise<TreeMap> {
  // The clock is read before any file is stat'ed: what changes after it shows in a later stat
  // (stat-cache.ts). It needs nothing from the listing, so the two run side by side.
  const [listed, clock] = await Promise.all([
    gitOk(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".", EXCLUDE_LEASH], {
      cwd: repoRoot,
    }),
    fileSystemNow(repoRoot, LEASH_DIR),
  ]);
  const paths = [...new Set(splitNul(listed))].sort();
  const files: { path: string; mode: string; perms: number; stat: FileStat }[] = [];
  const out: TreeMap = new Map();
  const links: { path: string; target: string }[] = [];
  const stats = paths.map((p) => statOrUndefined(join(repoRoot, p)));
  // A listed directory is a submodule, whose commit only the index knows: asked only when one is.
  const gitlinks = stats.some((st) => st?.isDirectory()) ? await indexGitlinks(repoRoot) : new Map();
  for (const [i, path] of paths.entries()) {
    const st = stats[i];
    if (!st) continue;
    if (st.isFile()) {
      const { dev, ino, size, mode, mtimeNs, ctimeNs } = st;
      const perms = Number(mode & 0o7777n);
      files.push({
        path,
        mode: fileMode({ mode: perms }),
        perms,
        stat: { dev, ino, size, mode, mtimeNs, ctimeNs },
      });
    } else if (st.isSymbolicLink()) links.push({ path, target: await readlink(join(repoRoot, path)) });
    else if (st.isDirectory()) {
      const oid = gitlinks.get(path);
      if (oid) out.set(path, { mode: "160000", oid });
    }
  }
  const known = knownOids(repoRoot, files, options.write);
  const unknown = files.filter((_, i) => known[i] === undefined);
  const hashed = await hashPaths(
    repoRoot,
    unknown.map((f) => f.path),
    options.write,
  );
  const remembered: { path: string; stat: FileStat; oid: string; written: boolean }[] = [];
  let next = 0;
  for (const [i, f] of files.entries()) {
    const k = known[i] ?? { oid: hashed[next++] as string, written: options.write };
    out.set(f.path, { mode: f.mode, oid: k.oid, perms: f.perms });
    remembered.push({ path: f.path, stat: f.stat, ...k });
  }
  rememberOids(repoRoot, remembered, clock, options.trustMarginNs ?? TRUST_MARGIN_NS);
  for (const link of links) {
    out.set(link.path, {
      mode: "120000",
      oid: await hashBytes(repoRoot, Buffer.from(link.target), options.write),
    });
  }
  return out;
}

/**
 * Synchronous on purpose: on a 20,000-file tree, promise-based lstat through libuv's thread pool
 * took ≈ 300 ms against ≈ 50 ms for the same calls made in a loop (docs/benchmarks.md).
 */
function statOrUndefined(path: string): BigIntStats | undefined {
  try {
    return lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

export async function hashPaths(repoRoot: string, paths: string[], write: boolean): Promise<string[]> {
  if (paths.length === 0) return [];
  const args = ["hash-object", ...(write ? ["-w"] : []), "--no-filters", "--stdin-paths"];
  const stdout = await gitOk(args, { cwd: repoRoot, stdin: `${paths.map(quotePath).join("\n")}\n` });
  return stdout.toString("utf8").trim().split("\n");
}

export async function hashBytes(repoRoot: string, bytes: Buffer, write: boolean): Promise<string> {
  const args = ["hash-object", ...(write ? ["-w"] : []), "--no-filters", "--stdin"];
  return (await gitOk(args, { cwd: repoRoot, stdin: bytes })).toString("utf8").trim();
}

async function indexGitlinks(repoRoot: string): Promise<Map<string, string>> {
  const staged = splitNul(await gitOk(["ls-files", "-z", "--stage"], { cwd: repoRoot }));
  const out = new Map<string, string>();
  for (const line of staged) {
    if (!line.startsWith("160000 ")) continue;
    const [meta, path] = line.split("\t") as [string, string];
    out.set(path, meta.split(" ")[1] as string);
  }
  return out;
}

// A tree id names its content, so a tree Leash itself just wrote from known entries need not be
// listed back by git (each patch-safety check and rollback compares against the checkpoint's).
const KNOWN_TREES_KEPT = 2;
const knownTrees = new Map<string, TreeMap>();

/** Records the entries a tree was written from (the checkpoint's), for readTree. */
export function rememberTree(repoRoot: string, tree: string, entries: TreeMap): void {
  const kept: TreeMap = new Map();
  for (const [path, e] of entries) kept.set(path, { mode: e.mode, oid: e.oid });
  knownTrees.set(`${repoRoot}\0${tree}`, kept);
  while (knownTrees.size > KNOWN_TREES_KEPT) knownTrees.delete(knownTrees.keys().next().value as string);
}

/** Every blob and link of a tree, recursively, path → entry. */
export async function readTree(repoRoot: string, tree: string): Promise<TreeMap> {
  const known = knownTrees.get(`${repoRoot}\0${tree}`);
  if (known) return new Map(known);
  const out: TreeMap = new Map();
  for (const line of splitNul(await gitOk(["ls-tree", "-r", "-z", "--full-tree", tree], { cwd: repoRoot }))) {
    const tab = line.indexOf("\t");
    const [mode, , oid] = line.slice(0, tab).split(" ") as [string, string, string];
    out.set(line.slice(tab + 1), { mode, oid });
  }
  return out;
}
