import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { isProcessAlive } from "../exec/process-alive.js";
import { LEASH_DIR } from "./scan-worktree.js";

/**
 * Leash's scratch files carry the pid of the process that made them: temporary git indexes in
 * .leash/tmp (`checkpoint-<run>-<pid>.index`, `commit-<tag>-<pid>.index`, and git's `.lock`
 * beside them), the file a scan reads the clock from (`clock-<pid>`) and a lock being written
 * (`.leash/lock.<pid>.<n>`). A process killed while it held one leaves it behind; `leash recover`
 * removes those whose process is gone, never one a live run is still using. Returns what it
 * removed, relative to the repository.
 */
export async function sweepStaleTemp(repoRoot: string): Promise<string[]> {
  const removed: string[] = [];
  const sweep = async (dir: string, pidOf: (name: string) => number | undefined) => {
    for (const name of await readdir(join(repoRoot, dir)).catch(() => [] as string[])) {
      const pid = pidOf(name);
      if (pid === undefined || (pid > 0 && pid !== process.pid && isProcessAlive(pid))) continue;
      await rm(join(repoRoot, dir, name), { recursive: true, force: true });
      removed.push(join(dir, name));
    }
  };
  await sweep(join(LEASH_DIR, "tmp"), (name) => {
    const m = /-(\d+)\.index(?:\.lock)?$/.exec(name) ?? /^clock-(\d+)$/.exec(name);
    return m ? Number(m[1]) : undefined;
  });
  await sweep(LEASH_DIR, (name) => {
    const m = /^lock\.(\d+)\.\d+$/.exec(name);
    return m ? Number(m[1]) : undefined;
  });
  return removed;
}
