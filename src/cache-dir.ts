import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where Leash keeps what it can rebuild: token counts, compiled code. Never state a run depends
 * on, so deleting the directory only costs the next run some time.
 */
export function leashCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "leash");
}
