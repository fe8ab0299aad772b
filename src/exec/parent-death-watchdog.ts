import { type ChildProcess, spawn } from "node:child_process";
import type { OwnedProcess } from "./owned-process.js";

/**
 * Ends Leash's process groups when Leash dies, however it dies (SIGKILL, OOM, a crash).
 * Node cannot set PR_SET_PDEATHSIG, and a parent-death signal would reach only the direct child,
 * not the test workers it started; so a tiny detached watchdog holds a pipe from Leash. Leash
 * writes each group to it as it starts; the kernel closes the pipe when Leash dies, and on that
 * EOF the watchdog kills every group still listed (checking the leader's start time first, so
 * a reused pid is never hit). The watchdog starts with the first unsandboxed command, not with
 * Leash; a command under bwrap needs none (--die-with-parent ends its whole pid namespace).
 */
export interface ParentDeathGuard {
  watch(owned: OwnedProcess): void;
  forget(owned: OwnedProcess): void;
}

// Plain JavaScript run by `node -e`: it must work the same from the built CLI and from sources.
const WATCHDOG_SOURCE = `
const fs = require("node:fs");
const groups = new Map();
let pending = "";
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => {});
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  pending += chunk;
  for (let i = pending.indexOf("\\n"); i >= 0; i = pending.indexOf("\\n")) {
    const [op, pgid, ticks] = pending.slice(0, i).split(" ");
    pending = pending.slice(i + 1);
    if (op === "+") groups.set(Number(pgid), Number(ticks));
    else groups.delete(Number(pgid));
  }
});
process.stdin.on("end", () => {
  for (const [pgid, ticks] of groups) {
    let reused = false;
    try {
      const stat = fs.readFileSync("/proc/" + pgid + "/stat", "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      reused = ticks !== 0 && Number(fields[19]) !== ticks;
    } catch {}
    if (reused) continue;
    try { process.kill(-pgid, "SIGKILL"); } catch {}
  }
  process.exit(0);
});
`;

export function createParentDeathGuard(): ParentDeathGuard {
  let watchdog: ChildProcess | undefined;
  let broken = false;
  const send = (line: string) => {
    if (broken) return;
    if (!watchdog) {
      watchdog = spawn(process.execPath, ["-e", WATCHDOG_SOURCE], {
        detached: true,
        stdio: ["pipe", "ignore", "ignore"],
        cwd: "/",
        env: {},
      });
      watchdog.on("error", () => {
        broken = true;
      });
      watchdog.stdin?.on("error", () => {
        broken = true;
      });
      // Neither the watchdog nor its pipe may keep Leash alive once its own work is done.
      watchdog.unref();
      (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    watchdog.stdin?.write(line);
  };
  return {
    watch: (owned) => send(`+ ${owned.pgid} ${owned.startTicks}\n`),
    forget: (owned) => send(`- ${owned.pgid}\n`),
  };
}
