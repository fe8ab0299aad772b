import type { CommandConfig, SandboxKind } from "../config/schema.js";
import { resolveCommand } from "./allowlist.js";
import type { CommandResult, CommandRunner, RunOptions } from "./contract.js";
import { scrubEnv } from "./env-scrub.js";
import { createOutputCapture } from "./output-cap.js";
import { spawnProcess } from "./spawn-process.js";

export interface CommandRunnerOptions {
  commands: Record<string, CommandConfig>;
  /** Default bytes kept per stream; a command's own max_output_bytes wins. */
  maxOutputBytes: number;
  sandboxDefault?: SandboxKind;
}

/**
 * A spawn failure (missing binary, bad cwd) is a result, not a throw: exitCode and signal are
 * null and stderr says why, so a validator that cannot start reads like one that failed.
 */
export function createCommandRunner(options: CommandRunnerOptions): CommandRunner {
  return {
    async run(name: string, run: RunOptions): Promise<CommandResult> {
      const spec = resolveCommand(options.commands, name, options.sandboxDefault);
      const cap = spec.maxOutputBytes ?? options.maxOutputBytes;
      const out = createOutputCapture(cap);
      const err = createOutputCapture(cap);
      const outcome = await spawnProcess({
        argv: spec.argv,
        cwd: run.cwd,
        env: scrubEnv(process.env, spec.envPass, run.env),
        stdin: run.stdin,
        timeoutMs: spec.timeoutS * 1000,
        signal: run.signal,
        onStdout: (c) => out.push(c),
        onStderr: (c) => err.push(c),
      });
      if (outcome.spawnError) {
        err.push(Buffer.from(`leash: could not start ${spec.argv[0]}: ${outcome.spawnError.message}\n`));
      }
      const stdout = out.finish();
      const stderr = err.finish();
      return {
        name,
        argv: spec.argv,
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        durationMs: outcome.durationMs,
        timedOut: outcome.timedOut,
        stdout: stdout.text,
        stderr: stderr.text,
        stdoutTotalBytes: stdout.totalBytes,
        stderrTotalBytes: stderr.totalBytes,
        stdoutCutBytes: stdout.cutBytes,
        stderrCutBytes: stderr.cutBytes,
      };
    },
  };
}
