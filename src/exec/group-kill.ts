/**
 * Every child is spawned as the leader of its own process group, so signalling `-pid`
 * reaches the grandchildren a test runner or a shell script started too.
 */

export const KILL_GRACE_MS = 2000;

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    // ESRCH: the group is already gone. EPERM: the id now belongs to someone else's group.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ESRCH" && code !== "EPERM") throw err;
  }
}

export interface GroupTerminator {
  /** SIGTERM to the group now, SIGKILL after the grace period unless `cancel` came first. */
  terminate(): void;
  cancel(): void;
}

export function createGroupTerminator(pid: number, graceMs = KILL_GRACE_MS): GroupTerminator {
  let killTimer: NodeJS.Timeout | undefined;
  let started = false;
  return {
    terminate() {
      if (started) return;
      started = true;
      signalGroup(pid, "SIGTERM");
      killTimer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
      killTimer.unref();
    },
    cancel() {
      if (killTimer) clearTimeout(killTimer);
    },
  };
}
