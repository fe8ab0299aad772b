// Runs the built CLI as an operator would and returns its --json report with the wall time.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(import.meta.dirname, "..", "..");
/** The CLI as shipped: package.json's bin (the bundle). */
export const LEASH_BIN = join(ROOT, JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).bin.leash);

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
