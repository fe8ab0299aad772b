import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { SandboxKind } from "../config/schema.js";
import { bwrapArgv } from "./sandbox-bwrap.js";
import { requireBwrap } from "./sandbox-check.js";

export interface PreparedCommand {
  /** What is actually spawned: the command itself, or bwrap around it. */
  argv: string[];
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
}

function realCwd(cwd: string): string {
  try {
    return realpathSync(resolve(cwd));
  } catch {
    // A missing cwd fails at spawn, where it becomes a result like any other start failure.
    return resolve(cwd);
  }
}

/** Wraps a command in its sandbox; throws before anything runs when the sandbox cannot work. */
export async function prepareCommand(req: PrepareRequest): Promise<PreparedCommand> {
  if (req.sandbox === "none") return { argv: req.argv, cleanup: () => {} };
  const bwrap = await requireBwrap({ command: req.command, field: req.field, env: req.env });
  // bwrap binds by real path; a symlinked cwd would otherwise bind the link, not the tree.
  const cwd = realCwd(req.cwd);
  const home = realpathSync(mkdtempSync(join(tmpdir(), "leash-home-")));
  return {
    argv: [bwrap, ...bwrapArgv(req.argv, { cwd, home })],
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
