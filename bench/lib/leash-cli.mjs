// Runs the built CLI as an operator would and returns its --json report with the wall time.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export const LEASH_BIN = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

export function leashRunJson(cwd, taskPath) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [LEASH_BIN, "run", "--json", taskPath], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`leash run ${taskPath} gave no JSON report (exit ${r.status}):\n${r.stderr}`);
  }
  return { status: r.status, report, wallMs, stderr: r.stderr };
}
