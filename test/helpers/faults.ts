import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TempRepo } from "./git-repo.js";
import { LEASH_BIN } from "./leash-cli.js";

/**
 * Fault injection for end-to-end tests: a validator that leaves a process tree behind and writes
 * late, a way to start `leash` as a real child and kill it, and the checks every fault ends with.
 */

/**
 * The validator: records its pid and a grandchild's pid under `pids/`, and the grandchild writes
 * `src/add.js` after `lateMs` — the write that must never land after a kill and a recover.
 */
export const HANGING_VALIDATOR = `
const fs = require("node:fs");
const { spawn } = require("node:child_process");
const pids = process.argv[3] ?? "pids";
fs.mkdirSync(pids, { recursive: true });
const grandchild = spawn(process.execPath, ["-e", \`
  require("node:fs").writeFileSync(require("node:path").join(process.argv[2], String(process.pid)), "grandchild");
  setTimeout(() => require("node:fs").writeFileSync("src/add.js", "late write\\\\n"), Number(process.argv[1]));
  setInterval(() => {}, 1000);
\`, process.argv[2] ?? "3000", pids], { stdio: "ignore" });
fs.writeFileSync(require("node:path").join(pids, String(process.pid)), "validator");
setInterval(() => {}, 1000);
`;

/** Adds the hanging validator (as `hang`) to a repository made by makeJsProject. */
export function addHangingValidator(repo: TempRepo, lateMs = 3000, pidsDir = "pids"): string[] {
  repo.write("hang.cjs", HANGING_VALIDATOR);
  repo.write(".gitignore", "pids/\n");
  repo.commitAll("hanging validator");
  return ["node", "hang.cjs", String(lateMs), pidsDir];
}

export function recordedPids(root: string): number[] {
  const dir = join(root, "pids");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map(Number);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/**
 * Polls until `check` holds. Given the leash being waited on, a leash that already exited ends
 * the wait at once with what it printed: it will never reach the point waited for.
 */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 30_000,
  leash?: StartedLeash,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return;
    const ended = leash && (leash.child.exitCode ?? leash.child.signalCode);
    if (leash && ended !== null)
      throw new Error(`leash exited (${ended}) before ${what}:\n${leash.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${leash ? `; leash printed:\n${leash.output()}` : ""}`);
}

export interface StartedLeash {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the captured output. */
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
  /** What it has printed so far, stdout then stderr. */
  output(): string;
}

export function startLeash(cwd: string, args: string[], env: Record<string, string> = {}): StartedLeash {
  const child = spawn(process.execPath, [LEASH_BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b: Buffer) => {
    stdout += b.toString("utf8");
  });
  child.stderr?.on("data", (b: Buffer) => {
    stderr += b.toString("utf8");
  });
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (status) => resolve({ status, stdout, stderr })),
  );
  return { child, done, output: () => `${stdout}${stderr}` };
}

/** Kills whatever a test left running (the test failed before leash could). */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** leash.yaml with the real `unit` suite and the hanging validator as `hang`. */
export function hangingConfig(argv: string[]): string {
  return `version: 1\ncommands:\n  unit: { argv: ["node", "--test"], timeout_s: 60 }\n  hang: { argv: ${JSON.stringify(argv)}, timeout_s: 120, sandbox: none }\n# The hang records its pids in the repository root, outside a --concurrency worktree, which the\n# sandbox keeps read-only; killing through bwrap is test/exec/sandbox.test.ts's.\n# The hang is meant for the attempt's validator, not the clean-tree baseline.\nbaseline: skip\n`;
}
