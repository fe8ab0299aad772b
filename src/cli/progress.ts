import type { CliContext } from "./context.js";

/**
 * Stage-by-stage progress on stderr: rewritten in place on a TTY, one plain line per stage
 * otherwise; silent with --quiet.
 */
export function createProgress(ctx: CliContext, taskId: string, runId: string) {
  const started = Date.now();
  let shown = false;
  return {
    stage(name: string) {
      if (ctx.quiet) return;
      const elapsed = ((Date.now() - started) / 1000).toFixed(1);
      if (ctx.isTty) {
        process.stderr.write(`\r\u001b[2K${taskId} ▸ ${name} (${elapsed} s)`);
        shown = true;
      } else {
        ctx.err(`[${runId}] ${name} +${elapsed}s`);
      }
    },
    done() {
      if (shown) process.stderr.write("\r\u001b[2K");
    },
  };
}
