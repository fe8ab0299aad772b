import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXIT, type ExitCode, InputError } from "../errors.js";
import { findRepoRoot } from "../git/repo-facts.js";
import { renderReport } from "../report/render.js";
import { findRun } from "../report/run-history.js";
import type { RunState } from "../report/run-state.js";
import type { CliContext } from "./context.js";

/** `leash show RUN`: the report, every attempt's patch and failures, convergence and escalation. */
export async function showCommand(
  ctx: CliContext,
  id: string,
  options: { json?: boolean; html?: string },
): Promise<ExitCode> {
  const repoRoot = await findRepoRoot(ctx.cwd);
  const run = findRun(repoRoot, id);
  if (run.damaged) throw run.damaged;
  if (options.html !== undefined) {
    if (!run.report)
      throw new InputError("show.no_report", `run ${run.runId} has no report to render`, {
        hint: run.state?.stoppedBy
          ? `it stopped before its report (${run.state.stoppedBy.code}); \`leash show ${run.runId}\` says why`
          : "only finished runs have one; if it crashed, run `leash recover`",
      });
    const { writeHtmlReport } = await import("../report/html/write-html.js");
    const undoneAt = run.state?.status === "undone" ? run.state.updatedAt : undefined;
    const file = await writeHtmlReport(resolve(ctx.cwd, options.html), run.report, { undoneAt });
    ctx.out(`wrote ${file}: open it in a browser (self-contained, no network)`);
    return EXIT.accepted;
  }
  if (!run.report) {
    if (options.json) ctx.out(JSON.stringify({ runId: run.runId, state: run.state ?? null }, null, 2));
    else ctx.out(noReportLine(run.runId, run.state));
    return EXIT.accepted;
  }
  if (options.json) {
    const convergence = readOptional(join(run.dir, "convergence.json"));
    const escalation = readOptional(join(run.dir, "escalation.json"));
    ctx.out(
      JSON.stringify(
        {
          report: run.report,
          convergence: convergence && JSON.parse(convergence),
          escalation: escalation && JSON.parse(escalation),
        },
        null,
        2,
      ),
    );
    return EXIT.accepted;
  }
  const undoneAt = run.state?.status === "undone" ? run.state.updatedAt : undefined;
  const parts = [renderReport(run.report, { color: ctx.color, verbose: true, undoneAt })];
  for (const a of run.report.attempts) {
    parts.push(
      `\n── attempt ${a.attempt} (${a.role}, ${a.model}): ${a.outcome}${a.verdict ? ` → ${a.verdict.verdict}` : ""}`,
    );
    if (a.verdict) parts.push(...a.verdict.reasons.map((r) => `   ${r}`));
    if (a.reason) parts.push(indent(a.reason.length > 4000 ? `${a.reason.slice(0, 4000)}\n…` : a.reason));
    if (a.patchText) parts.push(`   patch (${a.patchFile ?? ""}):`, indent(a.patchText));
    for (const v of a.validators) {
      parts.push(
        `   validator ${v.name}: ${v.passed ? "passed" : "failed"} (exit ${v.exitCode ?? "signal"}, ${v.durationMs} ms)`,
      );
      parts.push(...v.failures.map((f) => `     ✗ ${f}`));
    }
    for (const c of a.calls) {
      parts.push(
        `   call ${c.model} ${c.requestedTier}→${c.actualTier ?? "-"}: projected $${c.projectedUsd.toFixed(4)}, actual $${c.actualUsd.toFixed(4)}${c.error ? ` (${c.error})` : ""}`,
      );
    }
  }
  const convergence = readOptional(join(run.dir, "convergence.json"));
  if (convergence) {
    const trend = (JSON.parse(convergence) as { trend?: string[] }).trend ?? [];
    parts.push(`\nconvergence trend: ${trend.join(" → ") || "(no failed attempts)"}`);
  }
  if (run.report.escalationFile) parts.push(`escalation packet: ${run.report.escalationFile}`);
  ctx.out(parts.join("\n"));
  return EXIT.accepted;
}

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `     ${l}`)
    .join("\n");
}

/** A run without a report either stopped on an error (said so, with its code) or may have crashed. */
function noReportLine(runId: string, state: RunState | undefined): string {
  const where = `status ${state?.status ?? "unknown"}, stage ${state?.stage ?? "?"}`;
  const stop = state?.stoppedBy;
  if (stop === undefined)
    return `run ${runId} has no report (${where}); if it crashed, run \`leash recover\``;
  return `run ${runId} stopped without a report (${where}), exit ${stop.exitCode}: ${stop.message} [${stop.code}]`;
}
