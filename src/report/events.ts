import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";

/** The engine's view of the event log. */
export interface EventLog {
  emit(stage: string, event: string, data?: object): void;
  close(): void;
}

export function eventsPath(runDirPath: string): string {
  return join(runDirPath, "events.jsonl");
}

/**
 * `events.jsonl`, one object a line: `{ time, run, stage, event, data }` (SPEC §3). Each line is
 * one synchronous append, so the last event before a crash or a kill is on disk; a logging
 * library would only add buffering this file must not have.
 */
export function createEventLog(runDirPath: string, runId: string): EventLog {
  mkdirSync(runDirPath, { recursive: true });
  let fd: number | null = openSync(eventsPath(runDirPath), "a");
  const stop = () => {
    if (fd === null) return;
    const open = fd;
    fd = null;
    try {
      closeSync(open);
    } catch {}
  };
  return {
    emit(stage, event, data = {}) {
      if (fd === null) return;
      const line = `${JSON.stringify({ time: new Date().toISOString(), run: runId, stage, event, data })}\n`;
      try {
        writeSync(fd, line);
      } catch {
        // A full disk or a revoked permission must not crash the run from inside a log call: the
        // log stops here, and the writes that matter (artifacts, state) report the cause themselves.
        stop();
      }
    },
    close: stop,
  };
}
