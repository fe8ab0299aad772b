import { EXIT, type ExitCode, formatLocation } from "../errors.js";
import { findRepoRoot } from "../git/repo-facts.js";
import { usd } from "../report/render.js";
import { currentStatus, listRuns } from "../report/run-history.js";
import { renderTable } from "../report/table.js";
import type { CliContext } from "./context.js";

/** `leash runs`: one line a run, oldest first. */
export async function runsCommand(ctx: CliContext, options: { json?: boolean }): Promise<ExitCode> {
  const repoRoot = await findRepoRoot(ctx.cwd);
  const listed = listRuns(repoRoot);
  const rows = listed.map((r) => ({
    id: r.runId,
    task: r.report?.taskId ?? r.state?.taskId ?? "?",
    status: currentStatus(r),
    rolePath: r.report?.rolePath.join(" → ") ?? "",
    attempts: r.report?.attempts.length ?? 0,
    costUsd: r.report?.totals.actualUsd ?? 0,
    durationS: r.report ? r.report.durationMs / 1000 : null,
    date: r.report?.startedAt ?? r.state?.startedAt ?? "",
  }));
  if (options.json) {
    ctx.out(JSON.stringify(rows, null, 2));
    return EXIT.accepted;
  }
  if (rows.length === 0) {
    ctx.out("no runs yet (leash run TASK starts one)");
    return EXIT.accepted;
  }
  const header = ["run", "task", "status", "role path", "attempts", "cost", "duration", "date"];
  const table = rows.map((r) => [
    r.id,
    r.task,
    r.status,
    r.rolePath,
    String(r.attempts),
    usd(r.costUsd),
    r.durationS === null ? "-" : `${r.durationS.toFixed(1)} s`,
    r.date.replace("T", " ").slice(0, 19),
  ]);
  ctx.out(renderTable(header, table));
  for (const r of listed.filter((entry) => entry.damaged))
    ctx.out(
      `${formatLocation(r.damaged?.location)}${r.damaged?.message} (\`leash show ${r.runId}\` says more)`,
    );
  return EXIT.accepted;
}
