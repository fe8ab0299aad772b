import { lstat, mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Blob ids of files already hashed in this process, reused while a file's stat is unchanged, so a
 * run hashes the working tree once (its checkpoint) rather than again for every check that nothing
 * outside the task's files changed.
 *
 * Why a stat can stand for the bytes: every write to a file moves its ctime to the file system's
 * "now", and user space cannot set ctime back (utimes restores mtime, not ctime). So an entry is
 * trusted only if its ctime was older, by a margin, than a clock read from the same file system
 * before the file was stat'ed and hashed; any later write then leaves a different ctime. A file
 * written within the margin is hashed again next time (git calls this the racily clean case).
 */

export interface FileStat {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mode: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

interface Known {
  stat: FileStat;
  oid: string;
  /** Whether the blob is in the object store (a checkpoint's scan writes, a comparison does not). */
  written: boolean;
}

/** Wider than any file system's timestamp granularity (FAT's is 2 s) and a small clock step. */
export const TRUST_MARGIN_NS = 3_000_000_000n;

const byRepo = new Map<string, Map<string, Known>>();
let lastReused = 0;

/**
 * The file system's current time, as the ctime of a file written now under `.leash/tmp`.
 * Undefined when it cannot be read (a read-only checkout): nothing is then trusted.
 */
export async function fileSystemNow(repoRoot: string, leashDir: string): Promise<bigint | undefined> {
  const dir = join(repoRoot, leashDir, "tmp");
  const marker = join(dir, `clock-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(marker, "");
    const { ctimeNs } = await lstat(marker, { bigint: true });
    return ctimeNs > 0n ? ctimeNs : undefined;
  } catch {
    return undefined;
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

function sameStat(a: FileStat, b: FileStat): boolean {
  return (
    a.ctimeNs === b.ctimeNs &&
    a.mtimeNs === b.mtimeNs &&
    a.size === b.size &&
    a.ino === b.ino &&
    a.dev === b.dev &&
    a.mode === b.mode
  );
}

/** What is known of each file's blob, or undefined where it must be hashed. */
export function knownOids(
  repoRoot: string,
  files: readonly { path: string; stat: FileStat }[],
  needWritten: boolean,
): ({ oid: string; written: boolean } | undefined)[] {
  const known = byRepo.get(repoRoot);
  const out = files.map(({ path, stat }) => {
    const k = known?.get(path);
    if (!k || (needWritten && !k.written) || !sameStat(k.stat, stat)) return undefined;
    return { oid: k.oid, written: k.written };
  });
  lastReused = out.filter((o) => o !== undefined).length;
  return out;
}

/**
 * Replaces what is known of a repository with this scan's files (so the cache never outgrows the
 * tree). `clock` is the file-system time read before the files were stat'ed.
 */
export function rememberOids(
  repoRoot: string,
  files: readonly { path: string; stat: FileStat; oid: string; written: boolean }[],
  clock: bigint | undefined,
  marginNs: bigint = TRUST_MARGIN_NS,
): void {
  const kept = new Map<string, Known>();
  if (clock !== undefined) {
    const trustedBefore = clock - marginNs;
    for (const f of files) {
      if (f.stat.ctimeNs > 0n && f.stat.ctimeNs < trustedBefore)
        kept.set(f.path, { stat: f.stat, oid: f.oid, written: f.written });
    }
  }
  byRepo.set(repoRoot, kept);
}

/** How many files the last scan took from the cache instead of hashing (for tests and the bench). */
export function lastScanReused(): number {
  return lastReused;
}

export function forgetOids(repoRoot?: string): void {
  if (repoRoot === undefined) byRepo.clear();
  else byRepo.delete(repoRoot);
}
