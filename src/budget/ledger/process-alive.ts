/**
 * Whether a process on this host still runs. Signal 0 checks without sending anything;
 * EPERM means it exists but belongs to someone else. A recycled pid reads as alive, which
 * errs on the safe side: the reservation keeps counting.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
