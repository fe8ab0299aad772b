import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * A process group Leash started, as recorded in a run's state: enough to end it after Leash
 * itself died, and to tell it apart from an unrelated process that later got the same pid.
 */
export interface OwnedProcess {
  /** The group id, which is the leader's pid: every command is spawned as a group leader. */
  pgid: number;
  /** The leader's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks: number;
  /** The allowlisted command name, for messages. */
  command: string;
}

export interface ProcStat {
  state: string;
  pgrp: number;
  startTicks: number;
}

/** Fields of /proc/<pid>/stat that matter here; undefined when the process is gone (or not Linux). */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; everything after the last ")" is fixed.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", pgrp: Number(fields[2]), startTicks: Number(fields[19]) };
}

export function describeOwned(pid: number, command: string): OwnedProcess {
  return { pgid: pid, startTicks: readProcStat(pid)?.startTicks ?? 0, command };
}

/**
 * Whether anything of the group we started still runs. The leader alive with another start time
 * means its pid was reused: not ours. Members are counted from /proc, skipping zombies (a
 * container's PID 1 may never reap them) and anything started before our leader.
 */
export function ownedGroupAlive(owned: OwnedProcess): boolean {
  const leader = readProcStat(owned.pgid);
  if (leader && owned.startTicks !== 0 && leader.startTicks !== owned.startTicks) return false;
  if (!existsSync("/proc/self/stat")) return groupAnswers(owned.pgid);
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat && stat.pgrp === owned.pgid && stat.state !== "Z" && stat.startTicks >= owned.startTicks)
      return true;
  }
  return false;
}

function groupAnswers(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export type EndOutcome = "ended" | "gone";

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves once nothing of it is left. */
export async function endOwnedGroup(owned: OwnedProcess, graceMs = 1000): Promise<EndOutcome> {
  if (!ownedGroupAlive(owned)) return "gone";
  signal(owned.pgid, "SIGTERM");
  const until = Date.now() + graceMs;
  while (Date.now() < until && ownedGroupAlive(owned)) await new Promise((r) => setTimeout(r, 25));
  if (ownedGroupAlive(owned)) signal(owned.pgid, "SIGKILL");
  for (let i = 0; i < 200 && ownedGroupAlive(owned); i++) await new Promise((r) => setTimeout(r, 10));
  return "ended";
}

function signal(pgid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pgid, name);
  } catch {
    // ESRCH: it ended meanwhile.
  }
}
