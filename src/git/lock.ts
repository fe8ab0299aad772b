import { link, mkdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { PARSE_ONCE } from "../config/parse-once.js";
import { InputError } from "../errors.js";
import { isProcessAlive } from "../exec/process-alive.js";
import { LEASH_DIR } from "./scan-worktree.js";

export interface LockInfo {
  runId: string;
  pid: number;
  startedAt: string;
}

const lockSchema = z.looseObject({
  runId: z.string(),
  pid: z.number().int().nonnegative(),
  startedAt: z.string(),
});

export interface Lock {
  readonly info: LockInfo;
  readonly path: string;
  /** Removes the lock only if it still holds our run id and pid. */
  release(): Promise<void>;
}

export function lockPath(repoRoot: string): string {
  return join(repoRoot, LEASH_DIR, "lock");
}

/** The lock's contents, or undefined when there is none; a garbled lock reads as pid 0 (dead), no run. */
export async function readLock(repoRoot: string): Promise<LockInfo | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath(repoRoot), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  // A lock is written whole and linked into place, so a garbled one was not written by a live
  // run: it names no run and no process, and `recover` clears it.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = lockSchema.safeParse(value, PARSE_ONCE);
  return parsed.success ? parsed.data : { runId: "", pid: 0, startedAt: "" };
}

/**
 * One run per repository. The lock is written in full to a private file and then hard-linked
 * into place: link(2) fails if the name exists, like O_EXCL, and nobody ever reads a half-written lock.
 */
export async function acquireLock(repoRoot: string, info: LockInfo): Promise<Lock> {
  const path = lockPath(repoRoot);
  await mkdir(join(repoRoot, LEASH_DIR), { recursive: true });
  const tmp = `${path}.${info.pid}.${process.hrtime.bigint()}`;
  await writeFile(tmp, `${JSON.stringify(info)}\n`, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(tmp, path);
        return makeLock(repoRoot, info);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const held = await readLock(repoRoot);
      if (held) refuseHeldLock(held);
    }
    throw new InputError("lock.busy", "the repository lock keeps changing hands", {
      hint: "another leash run is starting; wait for it to finish and retry",
    });
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Throws `lock.busy` or `lock.stale` when a lock is held; writes nothing either way. */
export async function refuseIfLocked(repoRoot: string): Promise<void> {
  const held = await readLock(repoRoot);
  if (held) refuseHeldLock(held);
}

function refuseHeldLock(held: LockInfo): never {
  if (held.pid > 0 && isProcessAlive(held.pid)) {
    throw new InputError(
      "lock.busy",
      `run ${held.runId} (pid ${held.pid}) is already running in this repository`,
      {
        hint: "wait for it to finish; one run at a time per repository (use --concurrency for parallel tasks)",
        details: { ...held },
      },
    );
  }
  throw new InputError(
    "lock.stale",
    `run ${held.runId || "(unknown)"} (pid ${held.pid}) stopped without releasing its lock`,
    {
      hint: "run `leash recover` to roll that run back and clear the lock",
      details: { ...held },
    },
  );
}

function makeLock(repoRoot: string, info: LockInfo): Lock {
  const path = lockPath(repoRoot);
  return {
    info,
    path,
    async release() {
      const held = await readLock(repoRoot);
      if (held && held.runId === info.runId && held.pid === info.pid)
        await unlink(path).catch(() => undefined);
    },
  };
}
