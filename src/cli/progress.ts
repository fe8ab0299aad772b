import { usd } from "../report/render.js";
import type { RunReport } from "../report/report-types.js";
import type { CliContext } from "./context.js";

/** What the progress display hears from a run: stages as they open, every event as it is logged. */
export interface Progress {
  stage(name: string): void;
  event(stage: string, event: string, data?: Record<string, unknown>): void;
  done(): void;
}

/**
 * Progress on stderr. On a TTY one live line, rewritten in place and once a second: task, stage,
 * attempt n/N, elapsed, money spent and reserved so far. Piped, one timestamped line per stage.
 * With --quiet nothing: the caller prints only the final line (`finalLine`).
 */
export function createProgress(
  ctx: CliContext,
  run: { taskId: string; runId: string; maxAttempts: number },
  now: () => number = Date.now,
): Progress {
  const started = now();
  let stage = "start";
  let attempt = 0;
  let spent = 0;
  const open = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const reserved = () => [...open.values()].reduce((s, v) => s + v, 0);
  const status = () => {
    const elapsed = ((now() - started) / 1000).toFixed(1);
    const at = attempt > 0 ? ` · attempt ${attempt}/${run.maxAttempts}` : "";
    return `${stage}${at} · ${elapsed} s · spent ${usd(spent)} · reserved ${usd(reserved())}`;
  };
  const draw = () => {
    const line = `${run.taskId} ▸ ${status()}`;
    const width = process.stderr.columns || 100;
    process.stderr.write(`\r\u001b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
  };
  return {
    stage(name) {
      stage = name;
      const m = /^attempt (\d+):/.exec(name);
      if (m) attempt = Number(m[1]);
      if (ctx.quiet) return;
      if (ctx.isTty) {
        draw();
        timer ??= setInterval(draw, 1000);
        timer.unref();
      } else {
        ctx.err(`${new Date(now()).toISOString()} ${run.runId} ${status()}`);
      }
    },
    event(at, event, data) {
      if (at !== "call") return;
      const id = String(data?.reservation ?? "");
      if (event === "reserved") open.set(id, Number(data?.projectedUsd ?? 0));
      if (event === "settled") {
        open.delete(id);
        spent += Number(data?.actualUsd ?? 0);
      }
      // Calls of one run are sequential: a failed call's reservation is the one still open.
      if (event === "failed") open.clear();
    },
    done() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (ctx.isTty && !ctx.quiet) process.stderr.write("\r\u001b[2K");
    },
  };
}

/** `--quiet`: the whole run in one line, with the id `leash show` takes. */
export function finalLine(report: RunReport): string {
  return `${report.status} ${report.taskId} run ${report.runId} exit ${report.exitCode} · ${usd(report.totals.actualUsd)} · ${(report.durationMs / 1000).toFixed(1)} s`;
}
