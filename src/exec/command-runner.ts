import type { CommandConfig, SandboxKind } from "../config/schema.js";
import { resolveCommand } from "./allowlist.js";
import type { CommandResult, CommandRunner, RunOptions } from "./contract.js";
import { scrubEnv } from "./env-scrub.js";
import { createOutputCapture } from "./output-cap.js";
import { describeOwned, type OwnedProcess } from "./owned-process.js";
import type { ParentDeathGuard } from "./parent-death-watchdog.js";
import { prepareCommand } from "./sandbox-prepare.js";
import { spawnProcess } from "./spawn-process.js";

export interface CommandRunnerOptions {
  commands: Record<string, CommandConfig>;
  /** Default bytes kept per stream; a command's own max_output_bytes wins. */
  maxOutputBytes: number;
  sandboxDefault?: SandboxKind;
  /** `sandbox.read_paths`: directories under the hidden home a sandboxed command may read. */
  readPaths?: readonly string[];
  /** The environment commands start from (before the scrub); the process's own by default. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Ends every started group if Leash dies without doing so itself (the CLI passes one). */
  guard?: ParentDeathGuard;
}

/**
 * A spawn failure (missing binary, bad cwd) is a result, not a throw: exitCode and signal are
 * null and stderr says why, so a validator that cannot start reads like one that failed.
 * A sandbox that cannot work is different: it throws before anything runs, because running the
 * command without the sandbox it asked for would be a silent downgrade.
 */
export function createCommandRunner(options: CommandRunnerOptions): CommandRunner {
  return {
    async run(name: string, run: RunOptions): Promise<CommandResult> {
      const spec = resolveCommand(options.commands, name, options.sandboxDefault);
      const hostEnv = options.baseEnv ?? process.env;
      const env = scrubEnv(hostEnv, spec.envPass, { ...spec.env, ...run.env });
      const prepared = await prepareCommand({
        command: name,
        argv: spec.argv,
        sandbox: spec.sandbox ?? "none",
        field: options.commands[name]?.sandbox ? `commands.${name}.sandbox` : "sandbox.default",
        cwd: run.cwd,
        env,
        readPaths: options.readPaths,
        hostEnv,
      });
      const cap = spec.maxOutputBytes ?? options.maxOutputBytes;
      const out = createOutputCapture(cap);
      const err = createOutputCapture(cap);
      let owned: OwnedProcess | undefined;
      // bwrap runs with --die-with-parent and its own pid namespace: when Leash dies, the kernel
      // ends everything inside, detached children too. The watchdog (a second Node process) is
      // only started for what runs unsandboxed.
      const guard = prepared.sandbox === "bwrap" ? undefined : options.guard;
      const outcome = await spawnProcess({
        argv: prepared.argv,
        cwd: run.cwd,
        env,
        stdin: run.stdin,
        timeoutMs: spec.timeoutS * 1000,
        signal: run.signal,
        onStdout: (c) => out.push(c),
        onStderr: (c) => err.push(c),
        onSpawn: (pid) => {
          owned = describeOwned(pid, name);
          guard?.watch(owned);
          run.onStart?.(owned);
        },
      }).finally(() => {
        prepared.cleanup();
        if (owned) {
          guard?.forget(owned);
          run.onEnd?.(owned);
        }
      });
      if (outcome.spawnError) {
        err.push(Buffer.from(`leash: could not start ${prepared.argv[0]}: ${outcome.spawnError.message}\n`));
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
