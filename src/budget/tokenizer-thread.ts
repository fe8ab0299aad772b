import { createRequire } from "node:module";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";

/**
 * The tokenizer's tables take a few hundred milliseconds and ~60 MB to load, which used to sit on
 * the run's critical path inside the context stage. They now load on a worker thread started as
 * soon as a run is wired, while the main thread checks preconditions and takes the checkpoint.
 * Counting stays synchronous for its callers: the main thread posts the text and blocks on a
 * shared flag until the worker answers (the count itself takes milliseconds).
 *
 * Everything here is a speed-up, never a new way to fail: if the thread cannot start or does not
 * answer in time, the caller counts in process exactly as before.
 */

export type ThreadEncoding = "o200k_base" | "cl100k_base";

const require = createRequire(import.meta.url);

/** Long enough for a cold load on a loaded machine; past it the count happens in process. */
const ANSWER_TIMEOUT_MS = 30_000;

// Plain CommonJS, run with `eval: true`, so it works from the built dist and from TypeScript
// sources under the test runner alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { port, flag, paths, preload } = workerData;
const loaded = new Map();
const NO_SPECIAL = { disallowedSpecial: new Set() };
const tokenizer = (encoding) => {
  let t = loaded.get(encoding);
  if (!t) { t = require(paths[encoding]); loaded.set(encoding, t); }
  return t;
};
const answer = (message) => {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
parentPort.on("message", ({ id, text, encoding }) => {
  try { answer({ id, count: tokenizer(encoding).countTokens(text, NO_SPECIAL) }); }
  catch (error) { answer({ id, error: String(error && error.message || error) }); }
});
for (const encoding of preload) tokenizer(encoding);
`;

interface Thread {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
  nextId: number;
}

let thread: Thread | null | undefined;

function encodingPaths(): Record<ThreadEncoding, string> {
  return {
    o200k_base: require.resolve("gpt-tokenizer/encoding/o200k_base"),
    cl100k_base: require.resolve("gpt-tokenizer/encoding/cl100k_base"),
  };
}

function start(preload: ThreadEncoding[]): Thread | null {
  try {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, flag, paths: encodingPaths(), preload },
      transferList: [port2],
    });
    // Never the reason a finished run stays alive.
    worker.unref();
    port1.unref();
    worker.on("error", () => {
      thread = null;
    });
    return { worker, port: port1, flag, nextId: 0 };
  } catch {
    return null;
  }
}

/** Starts loading the tables now, off the main thread; later counts find them ready. */
export function prewarmTokenizer(encoding: ThreadEncoding = "o200k_base"): void {
  if (thread === undefined) thread = start([encoding]);
}

/** The count from the thread, or null when there is no working thread (count in process then). */
export function countOnThread(text: string, encoding: ThreadEncoding): number | null {
  if (thread === undefined) thread = start([]);
  const t = thread;
  if (!t) return null;
  const id = ++t.nextId;
  Atomics.store(t.flag, 0, 0);
  t.worker.postMessage({ id, text, encoding });
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  for (;;) {
    const reply = receiveMessageOnPort(t.port)?.message as
      | { id: number; count?: number; error?: string }
      | undefined;
    if (reply?.id === id) return typeof reply.count === "number" ? reply.count : giveUp(t);
    const left = deadline - Date.now();
    if (left <= 0) return giveUp(t);
    Atomics.wait(t.flag, 0, 0, left);
    Atomics.store(t.flag, 0, 0);
  }
}

function giveUp(t: Thread): null {
  thread = null;
  void t.worker.terminate();
  return null;
}
