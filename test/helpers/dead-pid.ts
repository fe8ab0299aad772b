import { spawnSync } from "node:child_process";

/** A pid that belongs to no process: one that has just exited and been reaped. */
export function deadPid(): number {
  const pid = spawnSync("true").pid;
  if (pid === undefined) throw new Error("could not start `true` to find a free pid");
  return pid;
}
