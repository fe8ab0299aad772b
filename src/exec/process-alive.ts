import { readProcStat } from "./owned-process.js";

/**
 * Whether a process on this host still runs: the lock's owner, a reservation's owner, a temp
 * file's writer. Signal 0 checks without sending anything; EPERM means it exists but belongs to
 * someone else. A zombie is dead: a killed run whose parent never reaps it (PID 1 in many
 * containers) still answers kill(pid, 0). A recycled pid reads as alive, which errs on the safe
 * side (the lock stays, the reservation keeps counting).
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return readProcStat(pid)?.state !== "Z";
}
