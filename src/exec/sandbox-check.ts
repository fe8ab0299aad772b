import { accessSync, constants, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { InputError } from "../errors.js";
import { spawnProcess } from "./spawn-process.js";

/**
 * Finding bwrap and proving it can build a sandbox, each done once per process. Asking for the
 * sandbox where it cannot work is an error that names the command; never a silent fallback.
 */

export interface SandboxRequest {
  /** The command's name under `commands`. */
  command: string;
  /** Where `bwrap` was asked for, for the error's location. */
  field: string;
  /** The environment the command would run with; its PATH is searched. */
  env: Record<string, string>;
}

const PROBE_TIMEOUT_MS = 10_000;
/** The smallest sandbox with every namespace and mount kind the real one uses, around `true`. */
export const BWRAP_PROBE_ARGS: readonly string[] = [
  "--unshare-net",
  "--unshare-pid",
  "--unshare-ipc",
  "--cap-drop",
  "ALL",
  "--ro-bind",
  "/",
  "/",
  "--dev",
  "/dev",
  "--proc",
  "/proc",
  "--tmpfs",
  "/tmp",
  "--",
  "true",
];
const locateCache = new Map<string, string | undefined>();
const probeCache = new Map<string, Promise<ProbeOutcome>>();

type ProbeOutcome = { ok: true } | { ok: false; stderr: string };

/** First executable `name` on a PATH string; empty and relative entries are skipped on purpose. */
export function findOnPath(name: string, pathValue: string | undefined): string | undefined {
  for (const dir of (pathValue ?? "").split(":")) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; try the next entry.
    }
  }
  return undefined;
}

function locateBwrap(pathValue: string | undefined): string | undefined {
  const key = pathValue ?? "";
  if (!locateCache.has(key)) locateCache.set(key, findOnPath("bwrap", pathValue));
  return locateCache.get(key);
}

async function probe(bwrap: string, env: Record<string, string>): Promise<ProbeOutcome> {
  const err: Buffer[] = [];
  const outcome = await spawnProcess({
    argv: [bwrap, ...BWRAP_PROBE_ARGS],
    cwd: "/",
    env,
    timeoutMs: PROBE_TIMEOUT_MS,
    onStdout: () => {},
    onStderr: (c) => err.push(c),
  });
  if (outcome.exitCode === 0) return { ok: true };
  const stderr = Buffer.concat(err).toString("utf8").trim();
  const why = outcome.spawnError?.message ?? (outcome.timedOut ? "the probe timed out" : "");
  return { ok: false, stderr: stderr || why || `exit ${outcome.exitCode ?? outcome.signal}` };
}

export type BwrapAvailability = { usable: true; bwrap: string } | { usable: false; reason: string };

/** Whether bwrap is installed and can build a sandbox here; probed once per process and PATH. */
export async function bwrapAvailability(pathValue: string | undefined): Promise<BwrapAvailability> {
  const bwrap = locateBwrap(pathValue);
  if (bwrap === undefined) return { usable: false, reason: "bwrap is not installed (not on PATH)" };
  const outcome = await probeOnce(bwrap, { PATH: pathValue ?? "" });
  return outcome.ok
    ? { usable: true, bwrap }
    : { usable: false, reason: `${bwrap} cannot create a sandbox here: ${outcome.stderr}` };
}

function probeOnce(bwrap: string, env: Record<string, string>): Promise<ProbeOutcome> {
  let pending = probeCache.get(bwrap);
  if (!pending) {
    pending = probe(bwrap, env);
    probeCache.set(bwrap, pending);
  }
  return pending;
}

/** The path of a bwrap that works here, or an InputError saying why there is none. */
export async function requireBwrap(req: SandboxRequest): Promise<string> {
  const bwrap = locateBwrap(req.env.PATH);
  if (bwrap === undefined) {
    throw new InputError(
      "exec.sandbox_unavailable",
      `command "${req.command}" asks for the bwrap sandbox, but bwrap is not on PATH`,
      {
        location: { field: req.field },
        hint: `install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or set ${req.field}: none to run "${req.command}" unsandboxed`,
        details: { command: req.command, path: req.env.PATH ?? "" },
      },
    );
  }
  const outcome = await probeOnce(bwrap, req.env);
  if (!outcome.ok) {
    throw new InputError(
      "exec.sandbox_forbidden",
      `command "${req.command}" asks for the bwrap sandbox, but ${bwrap} cannot create one here: ${outcome.stderr}`,
      {
        location: { field: req.field },
        hint: `the kernel or container forbids user namespaces; allow them (e.g. sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0), or set ${req.field}: none to run "${req.command}" unsandboxed`,
        details: { command: req.command, bwrap, stderr: outcome.stderr },
      },
    );
  }
  return bwrap;
}
