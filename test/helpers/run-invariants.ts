import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { waitFor } from "./faults.js";
import type { TempRepo } from "./git-repo.js";
import { ledgerRows } from "./ledger-rows.js";

/**
 * What "recovered" means after a crash (issue 15's "Done means"), checked the same way after
 * every fault: no process of the run alive, the tree exact, no lock, no open reservation,
 * nothing stray under .leash/tmp, no state left `running`, no task worktree left.
 */

export interface Proc {
  pid: number;
  startTicks: number;
}

function readStat(pid: number): { ppid: number; state: string; startTicks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", ppid: Number(fields[1]), startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** `root` and every process below it (the watchdog, validators, their children), as of now. */
export function processTree(root: number): Proc[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const out: Proc[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    const s = readStat(pid);
    if (s) out.push({ pid, startTicks: s.startTicks });
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Those of `procs` still running (same pid and start time, not a zombie). */
export function stillAlive(procs: Proc[]): Proc[] {
  return procs.filter((p) => {
    const s = readStat(p.pid);
    return s !== undefined && s.state !== "Z" && s.startTicks === p.startTicks;
  });
}

/** Live processes whose working directory is inside `dir`: whatever escaped the tree snapshot. */
export function processesInside(dir: string): number[] {
  const real = realpathSync(dir);
  return allPids().filter((pid) => {
    if (pid === process.pid) return false;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      return (cwd === real || cwd.startsWith(`${real}/`)) && readStat(pid)?.state !== "Z";
    } catch {
      return false;
    }
  });
}

export function runStates(root: string): { runId: string; status: string; stage: string }[] {
  const dir = join(root, ".leash", "runs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((runId) => {
    const file = join(dir, runId, "state.json");
    if (!existsSync(file)) return [];
    const state = JSON.parse(readFileSync(file, "utf8")) as { status: string; stage: string };
    return [{ runId, status: state.status, stage: state.stage }];
  });
}

export interface Expected {
  /** The tree as the operator had it (repo.snapshot()); omitted when an accepted patch may stay. */
  before?: Map<string, Buffer>;
  head: string;
  /** The run's processes, captured just before the kill. */
  procs: Proc[];
  /** Paths to ignore in the snapshot (the fault validator's pid files). */
  ignore?: (path: string) => boolean;
}

export async function expectRecovered(repo: TempRepo, expected: Expected): Promise<void> {
  // The watchdog ends the run's groups on its own, asynchronously; give it a moment, not a deadline.
  await waitFor(
    () => stillAlive(expected.procs).length === 0 && processesInside(repo.root).length === 0,
    "every process of the killed run to be gone",
    20_000,
  ).catch(() => undefined);
  expect(stillAlive(expected.procs)).toEqual([]);
  expect(processesInside(repo.root)).toEqual([]);
  if (expected.before) {
    const after = repo.snapshot();
    for (const path of [...after.keys()]) if (expected.ignore?.(path)) after.delete(path);
    const before = new Map(expected.before);
    for (const path of [...before.keys()]) if (expected.ignore?.(path)) before.delete(path);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after).toEqual(before);
  }
  expect(repo.git("rev-parse", "HEAD").trim()).toBe(expected.head);
  expect(existsSync(join(repo.root, ".leash", "lock"))).toBe(false);
  const tmp = join(repo.root, ".leash", "tmp");
  expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  const worktrees = join(repo.root, ".leash", "worktrees");
  expect(existsSync(worktrees) ? readdirSync(worktrees) : []).toEqual([]);
  expect(repo.git("worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  expect(runStates(repo.root).filter((s) => s.status === "running")).toEqual([]);
  if (existsSync(join(repo.root, ".leash", "ledger.sqlite")))
    expect((await ledgerRows(repo.root)).filter((r) => r.status === "reserved")).toEqual([]);
}
