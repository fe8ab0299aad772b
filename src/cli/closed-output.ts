/**
 * A reader that goes away (`leash run | head -1`, a closed terminal) must not end a run halfway:
 * by then the lock may be held and a patch applied, and only the run itself rolls it back or
 * releases it. Once writing to stdout or stderr fails, further output to that stream is dropped and
 * the command carries on to its own end and exit code.
 */
export function dropOutputOnceClosed(stream: NodeJS.WriteStream): void {
  stream.on("error", () => {
    // Any write error, not only EPIPE: EIO from a vanished terminal is the same situation. A
    // caller that waits on a write's callback still gets it, so nothing hangs on lost output.
    stream.write = ((_chunk: unknown, encodingOrDone?: unknown, done?: unknown) => {
      const callback = typeof encodingOrDone === "function" ? encodingOrDone : done;
      if (typeof callback === "function") queueMicrotask(() => callback());
      return true;
    }) as typeof stream.write;
  });
}
