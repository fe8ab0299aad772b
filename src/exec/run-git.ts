import { spawn } from "node:child_process";
import type { GitOptions, GitResult } from "./contract.js";

/**
 * Git through a plain argv spawn. Provisional: the exec module's hardened spawn path
 * (group kill, env scrub) replaces the body; the signature stays.
 */
export function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      shell: false,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({
        exitCode: code,
        signal,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut: false,
        durationMs: performance.now() - started,
      });
    });
    child.stdin.end(options.stdin ?? "");
  });
}
