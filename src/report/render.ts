import { formatInt } from "../contract/format-int.js";
import type { RouteStep, RunReport } from "./report-types.js";

/** The readable terminal summary of one run; the same facts as report.json, for people. */

const MARK: Record<RunReport["status"], string> = {
  accepted: "✔ accepted",
  diagnosed: "✔ diagnosed",
  classified: "✔ classified",
  not_accepted: "✘ not accepted",
  blocked: "■ blocked",
  escalated: "▲ escalated",
  needs_approval: "▲ needs approval",
  provider_error: "✘ provider error",
  internal_error: "✘ internal error",
};

export function usd(n: number): string {
  return `$${n.toFixed(4)}`;
}

const int = formatInt;

export interface RenderOptions {
  color: boolean;
  /** Full route reasons and stage timings (`--verbose`, `leash show`). */
  verbose?: boolean;
  /** When `leash undo` took the change back out, and when. */
  undoneAt?: string;
}

/**
 * Short by default: a one-attempt run fits in about a dozen lines of 100 columns. The reasons
 * behind every route and the stage timings are there under --verbose and in `leash show`.
 */
export function renderReport(report: RunReport, options: RenderOptions): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const good = report.exitCode === 0;
  const lines: string[] = [];
  const mark = options.undoneAt ? "↶ undone" : MARK[report.status];
  lines.push(
    `${paint(good ? 32 : report.exitCode === 1 || report.exitCode === 70 ? 31 : 33, mark)}  ${report.taskId}  (run ${report.runId}, exit ${report.exitCode})`,
  );
  lines.push(
    options.undoneAt
      ? `  undone ${stamp(options.undoneAt)} with leash undo: the files are back as they were before the run`
      : `  ${report.message}`,
  );
  const c = report.classification;
  lines.push(`  intent: ${c.intent} (${c.source})`);
  for (const step of uniqueRoutes(report.route)) {
    lines.push(`  route: ${routeLine(step)}`);
    if (options.verbose) lines.push(`    why: ${step.reasons.join("; ")}`);
  }
  const b = report.baseline;
  if (b !== undefined) lines.push(`  ${renderBaseline(b)}`);
  if (report.attempts.length > 0) lines.push("  attempts:");
  let failedBefore = false;
  for (const a of report.attempts) {
    const validators = a.validators
      .map(
        (v) =>
          `${v.name} ${v.passed ? "✓" : `✗${v.failureCount ? `(${v.failureCount})` : ""}`}${v.knownFailures ? ` (+${v.knownFailures} known)` : ""}`,
      )
      .join(" ");
    const cost = a.calls.reduce((s, call) => s + call.actualUsd, 0);
    const detail =
      a.outcome === "validators_failed" || a.outcome === "accepted" ? validators : (a.code ?? "");
    // A trend needs two points: the first failed attempt has nothing to converge from.
    const verdict = a.verdict && failedBefore ? `→ ${a.verdict.verdict}` : "";
    if (a.outcome !== "accepted") failedBefore = true;
    const cells = [`${a.attempt}.`, a.role.padEnd(24), a.outcome.padEnd(18), detail, verdict, usd(cost)];
    lines.push(`    ${cells.filter((cell) => cell !== "").join(" ")}`);
    const repairs = repairSummary(a.repairs);
    if (repairs) lines.push(`       repaired: ${repairs}`);
    if (a.outcome !== "validators_failed" && a.outcome !== "accepted" && a.reason) {
      lines.push(`       ${firstLine(a.reason, options.verbose ? 160 : 92)}`);
    }
    // The first attempt's notes say what the model never saw; later ones only under --verbose.
    const notes = a.attempt === 1 || options.verbose ? (a.contextNotes ?? []) : [];
    for (const note of notes) lines.push(`       context: ${firstLine(note, options.verbose ? 160 : 92)}`);
  }
  for (const r of report.reviews) {
    lines.push(`  review by ${r.role}: ${r.diagnosis ? firstLine(r.diagnosis.summary) : "no diagnosis"}`);
  }
  const t = report.totals;
  lines.push(
    `  tokens: input ${int(t.inputTokens)} (estimated ${int(t.estimatedInputTokens)}, cached ${int(t.cachedInputTokens)}) · output ${int(t.outputTokens)} · ${t.calls} call${t.calls === 1 ? "" : "s"}`,
  );
  lines.push(
    `  cost: ${usd(t.actualUsd)} (projected ${usd(t.projectedUsd)}) · ${(report.durationMs / 1000).toFixed(2)} s`,
  );
  if (options.verbose) {
    lines.push(`  stages: ${report.stages.map((s) => `${s.name} ${s.durationMs} ms`).join(" · ")}`);
  }
  if (report.change.where !== "none") {
    const d = report.change.diffstat;
    const stat = d
      ? `${d.files} file${d.files === 1 ? "" : "s"}, +${d.added} −${d.removed}`
      : `${report.change.files.length} file(s)`;
    const where = options.undoneAt
      ? "(undone)"
      : report.change.where === "working_tree"
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
  if (report.secrets && report.secrets.redacted > 0) {
    const kinds = Object.entries(report.secrets.byKind).map(([k, n]) => `${k} ×${n}`);
    lines.push(...wrap(`secrets redacted: ${report.secrets.redacted} (${kinds.join(", ")})`));
  }
  for (const w of report.warnings ?? []) lines.push(...wrap(`warning: ${w}`).map((l) => paint(33, l)));
  if (report.escalationFile) lines.push(`  escalation packet: ${report.escalationFile}`);
  if (report.undo && !options.undoneAt) lines.push(`  undo: ${report.undo}`);
  lines.push(`  details: leash show ${report.runId}`);
  return lines.join("\n");
}

/** `general_builder · gpt-5.1 · default (flex not offered) · medium`. */
export function routeLine(step: RouteStep): string {
  const notes = step.reasons.flatMap((reason) => {
    const skipped = /^skipped (\w+): (.*)$/.exec(reason);
    if (!skipped) return [];
    return [`${skipped[1]} ${/does not offer/.test(skipped[2] ?? "") ? "not offered" : "not allowed"}`];
  });
  const tier = notes.length > 0 ? `${step.serviceTier} (${notes.join(", ")})` : step.serviceTier;
  return [step.role, step.model, tier, step.reasoningEffort].join(" · ");
}

/** A role reached twice (retries, escalation back) is described once. */
function uniqueRoutes(route: RouteStep[]): RouteStep[] {
  const seen = new Set<string>();
  return route.filter((step) => {
    const key = routeLine(step);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Each distinct repair once: `recount in a.ts ×2, relocate in b.ts`. */
function repairSummary(repairs: { kind: string; file: string; detail: string }[]): string {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const r of repairs) {
    const id = `${r.kind}\u0000${r.file}\u0000${r.detail}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const label = `${r.kind} in ${r.file}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => (n > 1 ? `${label} ×${n}` : label)).join(", ");
}

function stamp(iso: string): string {
  return iso.replace("T", " ").slice(0, 19);
}

/** The first non-blank line, cut so the default report stays within 100 columns. */
function firstLine(text: string, max = 92): string {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** One line: skipped and why, or each validator on the clean tree (cached ones marked). */
export function renderBaseline(b: NonNullable<RunReport["baseline"]>): string {
  if (b.skipped !== undefined) return `baseline: skipped (${b.skipped})`;
  const each = b.validators.map(
    (v) => `${v.name} ${v.passed ? "✓" : `✗(${v.failureCount} known)`}${v.cached ? " cached" : ""}`,
  );
  return `baseline (${b.mode}): ${each.join(" ") || "no validators"} · ${b.durationMs} ms`;
}

/** Long notes wrapped at word boundaries to the report's 100 columns, indented under the summary. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = " ";
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > width && line.trim() !== "") {
      lines.push(line);
      line = "    ";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}
