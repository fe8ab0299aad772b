import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { SandboxKind } from "../config/schema.js";
import { bwrapArgv } from "./sandbox-bwrap.js";
import { bwrapAvailability, requireBwrap } from "./sandbox-check.js";
import { sandboxVisibility } from "./sandbox-visible.js";

export interface PreparedCommand {
  /** What is actually spawned: the command itself, or bwrap around it. */
  argv: string[];
  /** The sandbox it actually runs in: `auto` resolved. */
  sandbox: "none" | "bwrap";
  /** Removes what the run needed (the per-run HOME); safe to call more than once. */
  cleanup(): void;
}

export interface PrepareRequest {
  command: string;
  argv: string[];
  sandbox: SandboxKind;
  /** Where the sandbox kind came from, e.g. `commands.unit.sandbox` or `sandbox.default`. */
  field: string;
  cwd: string;
  env: Record<string, string>;
  /** `sandbox.read_paths`: directories under the hidden home granted read-only. */
  readPaths?: readonly string[];
  /** Leash's own environment (the real HOME is read from it, since the command's may differ). */
  hostEnv?: Record<string, string | undefined>;
}

function realCwd(cwd: string): string {
  try {
    return realpathSync(resolve(cwd));
  } catch {
    // A missing cwd fails at spawn, where it becomes a result like any other start failure.
    return resolve(cwd);
  }
}

/**
 * Wraps a command in its sandbox; throws before anything runs when `bwrap` was asked for and
 * cannot work. `auto` takes bwrap when it works and otherwise runs unsandboxed: the warning for
 * that is given up front by check, plan and the run report (sandbox-status.ts), not per command.
 */
export async function prepareCommand(req: PrepareRequest): Promise<PreparedCommand> {
  const none: PreparedCommand = { argv: req.argv, sandbox: "none", cleanup: () => {} };
  if (req.sandbox === "none") return none;
  let bwrap: string;
  if (req.sandbox === "auto") {
    const available = await bwrapAvailability(req.env.PATH);
    if (!available.usable) return none;
    bwrap = available.bwrap;
  } else {
    bwrap = await requireBwrap({ command: req.command, field: req.field, env: req.env });
  }
  // bwrap binds by real path; a symlinked cwd would otherwise bind the link, not the tree.
  const cwd = realCwd(req.cwd);
  const visible = sandboxVisibility({
    argv0: req.argv[0] ?? "",
    cwd,
    env: { ...req.env, HOME: req.hostEnv?.HOME ?? req.env.HOME },
    readPaths: req.readPaths ?? [],
  });
  const home = realpathSync(mkdtempSync(join(tmpdir(), "leash-home-")));
  return {
    argv: [bwrap, ...bwrapArgv(req.argv, { cwd, home, ...visible })],
    sandbox: "bwrap",
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
