import { spawnSync } from "node:child_process";
import { BWRAP_PROBE_ARGS, findOnPath } from "../../src/exec/sandbox-check.js";

/**
 * Why tests of real bubblewrap cannot run here (missing, or the kernel forbids user namespaces),
 * or undefined when they can. Printed by the caller, so a skip always says why.
 */
export function bwrapSkipReason(): string | undefined {
  const bwrap = findOnPath("bwrap", process.env.PATH);
  if (!bwrap) return "bwrap is not on PATH (Debian package bubblewrap)";
  const probe = spawnSync(bwrap, BWRAP_PROBE_ARGS, { encoding: "utf8" });
  if (probe.status !== 0)
    return `bwrap cannot create a sandbox here: ${probe.stderr.trim() || probe.error?.message}`;
  return undefined;
}
