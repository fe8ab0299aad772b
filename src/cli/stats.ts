import { EXIT, type ExitCode } from "../errors.js";
import { findRepoRoot } from "../git/repo-facts.js";
import { patchStats } from "../report/patch-stats.js";
import { usd } from "../report/render.js";
import { listRuns } from "../report/run-history.js";
import { renderTable } from "../report/table.js";
import type { CliContext } from "./context.js";

const pct = (n: number, of: number) => (of === 0 ? "-" : `${((100 * n) / of).toFixed(0)}%`);
const counts = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ") || "none";

/** `leash stats`: patch telemetry from the run history (what each attempt's report recorded). */
export async function statsCommand(ctx: CliContext, options: { json?: boolean }): Promise<ExitCode> {
  const repoRoot = await findRepoRoot(ctx.cwd);
  const runs = listRuns(repoRoot);
  const reports = runs.flatMap((r) => (r.report ? [r.report] : []));
  const damaged = runs.filter((r) => r.damaged && !r.report).length;
  const stats = patchStats(reports);
  if (options.json) {
    ctx.out(JSON.stringify(stats, null, 2));
    return EXIT.accepted;
  }
  if (stats.firstTry.of === 0) {
    ctx.out("no patch answers yet (leash run TASK records them)");
    return EXIT.accepted;
  }
  const { applied, of } = stats.firstTry;
  ctx.out(`runs: ${stats.runs}; first answer applied: ${applied} of ${of} (${pct(applied, of)})`);
  if (damaged > 0) ctx.out(`left out: ${damaged} run(s) whose report.json is damaged (see \`leash runs\`)`);
  ctx.out(`repairs by level: ${counts(stats.repairsByLevel)}`);
  ctx.out(`repairs by kind: ${counts(stats.repairsByKind)}`);
  const header = [
    "model",
    "format",
    "answers",
    "applied",
    "refused",
    "unparsable",
    "spent on refused/unparsable",
  ];
  const rows = stats.rows.map((r) => [
    r.model,
    r.format,
    String(r.answers),
    `${r.applied} (${pct(r.applied, r.answers)})`,
    String(r.refused),
    String(r.unparsable),
    usd(r.wastedUsd),
  ]);
  ctx.out(renderTable(header, rows));
  return EXIT.accepted;
}
