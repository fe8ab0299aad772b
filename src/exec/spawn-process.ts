import { spawn } from "node:child_process";
import { createGroupTerminator, signalGroup } from "./group-kill.js";

/**
 * The single spawn path for commands and git: argv only (never a shell), own process group,
 * timeout and abort both end the whole group, output streamed to the caller's sinks.
 */

export interface SpawnRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /** Called with the group leader's pid in the same tick as the spawn, before any output. */
  onSpawn?(pid: number): void;
}

export interface SpawnOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** Set when the process could not be started at all (ENOENT, EACCES, bad cwd). */
  spawnError?: Error;
}

// A process that left the group (setsid) may hold our pipes open forever; stop waiting after this
// once the pipes go quiet, and after the hard limit even when it keeps writing.
const STREAM_DRAIN_MS = 500;
const STREAM_DRAIN_HARD_MS = 5000;

export function spawnProcess(req: SpawnRequest): Promise<SpawnOutcome> {
  const started = performance.now();
  const [file, ...args] = req.argv;
  if (file === undefined) throw new TypeError("spawnProcess needs a non-empty argv");
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const child = spawn(file, args, {
      cwd: req.cwd,
      env: req.env,
      shell: false,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const terminator = child.pid === undefined ? undefined : createGroupTerminator(child.pid);
    if (child.pid !== undefined) req.onSpawn?.(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      terminator?.terminate();
    }, req.timeoutMs);
    const onAbort = () => {
      aborted = true;
      terminator?.terminate();
    };
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener("abort", onAbort, { once: true });

    const finish = (outcome: Omit<SpawnOutcome, "durationMs" | "timedOut" | "aborted">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      terminator?.cancel();
      req.signal?.removeEventListener("abort", onAbort);
      resolve({ ...outcome, timedOut, aborted, durationMs: performance.now() - started });
    };

    // Counted so the drain limit below never cuts off output that is already in the pipe.
    let received = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      received += 1;
      req.onStdout(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      received += 1;
      req.onStderr(chunk);
    });
    child.stdin.on("error", () => {
      // EPIPE: the command did not read its stdin; that is its business.
    });
    child.on("error", (err) => finish({ exitCode: null, signal: null, spawnError: err }));
    child.on("exit", (code, signal) => {
      // Background leftovers of a finished command must not outlive it.
      if (child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
      let closed = false;
      let drain: NodeJS.Timeout | undefined;
      const exitedAt = performance.now();
      // The limit is for a process that left the group and holds our pipes open. It runs out only
      // after an I/O poll that brought nothing: when the event loop was blocked for longer than the
      // limit, timers run before pending reads, and cutting the pipes then would lose output the
      // command had already written (a git read that exits 0 with nothing on stdout).
      const armDrain = (seen: number) => {
        drain = setTimeout(
          () =>
            setImmediate(() => {
              if (closed) return;
              const writing = received !== seen;
              if (writing && performance.now() - exitedAt < STREAM_DRAIN_HARD_MS) return armDrain(received);
              child.stdout.destroy();
              child.stderr.destroy();
              finish({ exitCode: code, signal });
            }),
          STREAM_DRAIN_MS,
        );
      };
      armDrain(received);
      child.on("close", () => {
        closed = true;
        clearTimeout(drain);
        finish({ exitCode: code, signal });
      });
    });
    if (child.pid !== undefined) child.stdin.end(req.stdin ?? "");
  });
}
