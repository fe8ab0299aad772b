/**
 * `--concurrency N`: N workers take the items in order, each to its end. A failure belongs to its
 * item (`onError`), never to the pool: the other workers go on, and the promise settles only when
 * every worker has ended, so nothing the caller closes afterwards (the ledger, the lock) is taken
 * away from a task still running.
 */
export async function runPool<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
  options: { onError: (item: T, error: unknown) => void; stop?: AbortSignal },
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      if (options.stop?.aborted) return;
      const item = items[i] as T;
      try {
        await work(item);
      } catch (error) {
        options.onError(item, error);
      }
    }
  };
  const workers = Math.max(1, Math.min(width, items.length));
  // Only onError itself can make a worker reject: that is raised, but after every worker ended.
  const ended = await Promise.allSettled(Array.from({ length: workers }, worker));
  for (const e of ended) if (e.status === "rejected") throw e.reason;
}
