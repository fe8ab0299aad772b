import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** The CLI as shipped: package.json's bin (the bundle), run as an operator would, real exit code. */
export const LEASH_BIN = join(
  ROOT,
  (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: { leash: string } }).bin.leash,
);

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runLeash(
  cwd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): CliResult {
  const r = spawnSync(process.execPath, [LEASH_BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `leash run --json`: the report object (or the array for several tasks). */
export function runJson<T = Record<string, unknown>>(
  cwd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
) {
  const r = runLeash(cwd, ["run", "--json", ...args], env);
  let report: T | undefined;
  try {
    report = JSON.parse(r.stdout) as T;
  } catch {
    report = undefined;
  }
  return { ...r, report };
}

/** The same, without blocking the event loop: for tests that serve HTTP from this process. */
export function runLeashAsync(
  cwd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LEASH_BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString("utf8");
    });
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
