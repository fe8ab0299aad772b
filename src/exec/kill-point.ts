/**
 * The fault suite's deterministic crash: with LEASH_TEST_HOOKS=1 and LEASH_TEST_KILL_AT=<point>
 * in the environment, Leash SIGKILLs itself the moment it reaches that point, exactly like an
 * OOM kill or `kill -9` there. Both variables are needed, so a stray one alone does nothing.
 *
 * Points: `stage:<name>` as each stage opens (`stage:checkpoint`, `stage:attempt 1: apply`…),
 * `checkpoint:blobs` (the blobs written, no commit or ref yet), `call:reserved` (budget reserved, provider
 * not yet called), `apply:written` (the patch is on disk), `validator:started` (a validator's
 * group recorded), `rollback:writing` (a restored file half-way, beside its path).
 */
export function killPoint(name: string): void {
  if (process.env.LEASH_TEST_HOOKS !== "1" || process.env.LEASH_TEST_KILL_AT !== name) return;
  process.kill(process.pid, "SIGKILL");
}

/** A kill point reached only after an async write completes (state.json, a recorded child). */
export async function killPointAfter(name: string, write: Promise<unknown>): Promise<void> {
  if (process.env.LEASH_TEST_HOOKS !== "1" || process.env.LEASH_TEST_KILL_AT !== name) return;
  await write.catch(() => undefined);
  killPoint(name);
}
