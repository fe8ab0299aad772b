import type { RunReport } from "../engine/report-types.js";

/** The readable terminal summary of one run; the same facts as report.json, for people. */

const MARK: Record<RunReport["status"], string> = {
  accepted: "✔ accepted",
  diagnosed: "✔ diagnosed",
  classified: "✔ classified",
  not_accepted: "✘ not accepted",
  blocked: "■ blocked",
  escalated: "▲ escalated",
  needs_approval: "▲ needs approval",
  internal_error: "✘ internal error",
};

export function usd(n: number): string {
  return `$${n.toFixed(4)}`;
}

function int(n: number): string {
  return n.toLocaleString("en-US");
}

export function renderReport(report: RunReport, options: { color: boolean }): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const good = report.exitCode === 0;
  const lines: string[] = [];
  lines.push(
    `${paint(good ? 32 : report.exitCode === 1 || report.exitCode === 70 ? 31 : 33, MARK[report.status])}  ${report.taskId}  (run ${report.runId}, exit ${report.exitCode})`,
  );
  lines.push(`  ${report.message}`);
  const c = report.classification;
  lines.push(`  intent: ${c.intent} (${c.source})`);
  for (const step of report.route) {
    lines.push(
      `  route: ${step.role} (${step.model}, tier ${step.serviceTier}, effort ${step.reasoningEffort}) — ${step.reasons.join("; ")}`,
    );
  }
  if (report.attempts.length > 0) lines.push("  attempts:");
  for (const a of report.attempts) {
    const validators = a.validators
      .map((v) => `${v.name} ${v.passed ? "✓" : `✗${v.failureCount ? `(${v.failureCount})` : ""}`}`)
      .join(" ");
    const cost = a.calls.reduce((s, call) => s + call.actualUsd, 0);
    const detail =
      a.outcome === "validators_failed" || a.outcome === "accepted" ? validators : (a.code ?? "");
    const verdict = a.verdict ? `→ ${a.verdict.verdict}` : "";
    lines.push(
      `    ${a.attempt}. ${a.role.padEnd(24)} ${a.outcome.padEnd(18)} ${detail} ${verdict} ${usd(cost)}`.trimEnd(),
    );
    if (a.repairs.length > 0)
      lines.push(`       repaired: ${a.repairs.map((r) => `${r.kind} in ${r.file}`).join(", ")}`);
    if (a.outcome !== "validators_failed" && a.outcome !== "accepted" && a.reason) {
      lines.push(`       ${firstLine(a.reason)}`);
    }
  }
  for (const r of report.reviews) {
    lines.push(`  review by ${r.role}: ${r.diagnosis ? firstLine(r.diagnosis.summary) : "no diagnosis"}`);
  }
  const t = report.totals;
  lines.push(
    `  tokens: estimated input ${int(t.estimatedInputTokens)} · input ${int(t.inputTokens)} (cached ${int(t.cachedInputTokens)}) · output ${int(t.outputTokens)} (reasoning ${int(t.reasoningTokens)}) · ${t.calls} call(s)`,
  );
  lines.push(`  cost: projected ${usd(t.projectedUsd)} · actual ${usd(t.actualUsd)}`);
  lines.push(
    `  time: ${(report.durationMs / 1000).toFixed(2)} s — ${report.stages.map((s) => `${s.name} ${s.durationMs} ms`).join(" · ")}`,
  );
  if (report.change.where !== "none") {
    const d = report.change.diffstat;
    const stat = d
      ? `${d.files} file(s), +${d.added} −${d.removed}`
      : `${report.change.files.length} file(s)`;
    const where =
      report.change.where === "working_tree"
        ? "in the working tree"
        : report.change.where === "commit"
          ? `committed ${report.change.commit?.slice(0, 12)}`
          : `on branch ${report.change.branch} (${report.change.commit?.slice(0, 12)})`;
    lines.push(`  change: ${stat} ${where}: ${report.change.files.join(", ")}`);
  }
  if (report.block && report.block.message !== report.message)
    lines.push(`  ${paint(33, report.block.message)}`);
  if (report.diagnosis)
    lines.push(`  diagnosis: ${report.diagnosis.summary}\n  root cause: ${report.diagnosis.root_cause}`);
  if (report.classificationAnswer) {
    const k = report.classificationAnswer;
    lines.push(`  classification: ${k.intent} (confidence ${k.confidence}) — ${k.rationale}`);
  }
  if (report.escalationFile) lines.push(`  escalation packet: ${report.escalationFile}`);
  if (report.undo) lines.push(`  undo: ${report.undo}`);
  lines.push(`  details: leash show ${report.runId}`);
  return lines.join("\n");
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
