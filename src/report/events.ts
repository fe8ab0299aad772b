import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";

/** The engine's view of the event log: no pino types leak past this file. */
export interface EventLog {
  emit(stage: string, event: string, data?: object): void;
  close(): void;
}

export function eventsPath(runDirPath: string): string {
  return join(runDirPath, "events.jsonl");
}

/**
 * `events.jsonl`, one object a line: `{ level, run, time, stage, data, event }` (pino's numeric
 * level is kept: pino cannot drop it without emitting invalid JSON). Written synchronously
 * so the last event before a crash is on disk.
 */
export function createEventLog(runDirPath: string, runId: string): EventLog {
  mkdirSync(runDirPath, { recursive: true });
  const dest = pino.destination({ dest: eventsPath(runDirPath), sync: true, append: true, mkdir: true });
  const logger = pino(
    {
      base: { run: runId },
      messageKey: "event",
      // pino's own timestamp hook assumes a level field before it; a mixin keeps the JSON valid.
      timestamp: false,
      mixin: () => ({ time: new Date().toISOString() }),
    },
    dest,
  );
  let closed = false;
  // A full disk or a revoked permission must not crash the run from inside a log call: the log
  // stops there, and the writes that matter (artifacts, state) report the same cause themselves.
  dest.on("error", () => {
    closed = true;
  });
  return {
    emit(stage, event, data = {}) {
      if (closed) return;
      logger.info({ stage, data }, event);
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        dest.flushSync();
      } catch {}
      dest.end();
    },
  };
}
