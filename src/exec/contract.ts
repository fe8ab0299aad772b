import type { SandboxKind } from "../config/schema.js";
import type { OwnedProcess } from "./owned-process.js";

/**
 * The one way Leash runs a process. Commands come only from the config's `commands`
 * (argv arrays, never a shell); git is the single internal exception, and it goes through
 * the same spawn path with the same timeout, group kill and environment scrub.
 */

/** A command as the config allows it, resolved. */
export interface CommandSpec {
  /** The key under `commands` in leash.yaml, e.g. `unit`. */
  name: string;
  argv: string[];
  timeoutS: number;
  /** Secret-looking variables (`*_KEY`, `*_TOKEN`, `*_SECRET`, OPENAI_API_KEY) passed through by name. */
  envPass?: string[];
  /** Bytes kept of each stream (head and tail); the rest is cut and counted. */
  maxOutputBytes?: number;
  sandbox?: SandboxKind;
  /** The command's own variables (config `env`), set after the scrub. */
  env?: Record<string, string>;
}

export interface RunOptions {
  /** Working directory; must be the repository or one of Leash's worktrees. */
  cwd: string;
  stdin?: string | Buffer;
  signal?: AbortSignal;
  /** Extra variables set by Leash itself (e.g. GIT_INDEX_FILE), applied after the scrub. */
  env?: Record<string, string>;
  /** The command's process group has started (so a run can record it for `leash recover`). */
  onStart?(owned: OwnedProcess): void;
  /** It has ended, its whole group killed. */
  onEnd?(owned: OwnedProcess): void;
}

/** What a finished process left behind. Never thrown: a non-zero exit is data. */
export interface CommandResult {
  name: string;
  argv: string[];
  /** Null when the process was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  timedOut: boolean;
  /** Captured output, head and tail kept; a marker in the middle says how much was cut. */
  stdout: string;
  stderr: string;
  /** Bytes the process wrote to each stream in total, and how many were cut. */
  stdoutTotalBytes: number;
  stderrTotalBytes: number;
  stdoutCutBytes: number;
  stderrCutBytes: number;
}

export interface CommandRunner {
  /** Runs a command from the allowlist by name; an unknown name is refused with `exec.not_allowed`. */
  run(name: string, options: RunOptions): Promise<CommandResult>;
}

/** Raw git result: stdout as bytes because file contents may be any encoding. */
export interface GitResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface GitOptions {
  cwd: string;
  stdin?: string | Buffer;
  env?: Record<string, string>;
  timeoutS?: number;
}
