/**
 * Keeps the first and last bytes of a stream and counts the middle, so a validator that
 * prints 10 MB costs a bounded amount of memory and the report still shows how it began and ended.
 */

export interface CappedOutput {
  text: string;
  totalBytes: number;
  cutBytes: number;
}

export interface OutputCapture {
  push(chunk: Buffer): void;
  finish(): CappedOutput;
}

export function cutMarker(cutBytes: number): string {
  return `\n[leash: ${cutBytes} bytes cut from the middle of this output]\n`;
}

export function createOutputCapture(maxBytes: number): OutputCapture {
  const headLimit = Math.ceil(maxBytes / 2);
  const tailLimit = maxBytes - headLimit;
  const head: Buffer[] = [];
  let headBytes = 0;
  let tail: Buffer[] = [];
  let tailBytes = 0;
  let total = 0;

  const pushTail = (chunk: Buffer) => {
    if (tailLimit === 0) return;
    tail.push(chunk);
    tailBytes += chunk.length;
    if (tailBytes > tailLimit * 2 || tail.length > 64) compactTail();
  };
  // Trimming lazily keeps the cost per chunk low while memory stays below 2 × tailLimit.
  const compactTail = () => {
    const joined = Buffer.concat(tail);
    const kept = joined.subarray(Math.max(0, joined.length - tailLimit));
    tail = [Buffer.from(kept)];
    tailBytes = kept.length;
  };

  return {
    push(chunk) {
      total += chunk.length;
      if (headBytes < headLimit) {
        const take = Math.min(headLimit - headBytes, chunk.length);
        head.push(chunk.subarray(0, take));
        headBytes += take;
        if (take < chunk.length) pushTail(chunk.subarray(take));
        return;
      }
      pushTail(chunk);
    },
    finish() {
      compactTail();
      const headBuf = Buffer.concat(head);
      const tailBuf = tail[0] ?? Buffer.alloc(0);
      const cutBytes = total - headBuf.length - tailBuf.length;
      const text =
        cutBytes > 0
          ? `${headBuf.toString("utf8")}${cutMarker(cutBytes)}${tailBuf.toString("utf8")}`
          : Buffer.concat([headBuf, tailBuf]).toString("utf8");
      return { text, totalBytes: total, cutBytes };
    },
  };
}
