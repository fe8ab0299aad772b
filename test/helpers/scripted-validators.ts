import type { ValidatorRun } from "../../src/engine/ports.js";
import type { CommandResult, CommandRunner } from "../../src/exec/contract.js";
import { runValidators } from "../../src/validate/run-validators.js";
import type { MemoryWorkspace } from "./memory-workspace.js";

/**
 * Validators as functions of the in-memory tree, so a test can say "the test passes once
 * src/add.js returns a + b". Their output goes through the real runValidators (ANSI stripped,
 * failures normalized and hashed, counted), so the convergence judge sees what it sees in a run.
 */

export interface ScriptedOutcome {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
}

/** One validator: may read and (to play a misbehaving tool) write the workspace's files. */
export type ScriptedValidator = (ws: MemoryWorkspace) => ScriptedOutcome;

export interface ScriptedValidators {
  run(names: string[], signal?: AbortSignal): Promise<ValidatorRun[]>;
  /** The names run, one entry per run of the set, in order. */
  runs: string[][];
}

export function scriptedValidators(
  ws: MemoryWorkspace,
  commands: Record<string, ScriptedValidator>,
): ScriptedValidators {
  const runs: string[][] = [];
  const runner: CommandRunner = {
    async run(name) {
      const command = commands[name];
      if (command === undefined) throw new Error(`no scripted validator named ${name}`);
      return result(name, command(ws));
    },
  };
  return {
    runs,
    async run(names, signal) {
      runs.push([...names]);
      return runValidators(runner, names, ws.repoRoot, signal);
    },
  };
}

/** A `node --test`-like check: passes when the file contains the text, else one TAP failure. */
export function passesWhen(path: string, contains: string, test = "adds"): ScriptedValidator {
  return (ws) =>
    ws.text(path)?.includes(contains)
      ? { exitCode: 0, stdout: `ok 1 - ${test}\n# pass 1\n# fail 0\n` }
      : { exitCode: 1, stdout: `not ok 1 - ${test}\n# pass 0\n# fail 1\n` };
}

function result(name: string, outcome: ScriptedOutcome): CommandResult {
  const stdout = outcome.stdout ?? "";
  const stderr = outcome.stderr ?? "";
  return {
    name,
    argv: [name],
    exitCode: outcome.timedOut ? null : outcome.exitCode,
    signal: outcome.timedOut ? "SIGKILL" : null,
    durationMs: 1,
    timedOut: outcome.timedOut ?? false,
    stdout,
    stderr,
    stdoutTotalBytes: Buffer.byteLength(stdout),
    stderrTotalBytes: Buffer.byteLength(stderr),
    stdoutCutBytes: 0,
    stderrCutBytes: 0,
  };
}
