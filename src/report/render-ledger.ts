import type { EstimatorAccuracy } from "../budget/estimator-accuracy.js";
import type { RemainingReport, ScopeMoney, TotalsDimension, TotalsRow } from "../budget/ledger/contract.js";
import { formatUsd, toMicros } from "../budget/money.js";
import { renderTable } from "./table.js";

/** `leash ledger` as text: totals by one dimension, then the money left at every scope. */

function usd(value: number): string {
  return formatUsd(toMicros(value));
}

export function renderTotals(by: TotalsDimension, rows: TotalsRow[]): string {
  if (rows.length === 0) return "no calls recorded yet";
  const header = [by, "calls", "open", "est in", "act in", "cached", "est out", "act out", "reasoning"];
  header.push("projected", "actual", "reserved");
  const overruns = rows.some((r) => r.overruns > 0);
  if (overruns) header.push("overruns");
  const body = rows.map((r) => {
    const cells = [
      r.key,
      String(r.calls),
      String(r.open),
      String(r.estimatedInputTokens),
      String(r.actualInputTokens),
      String(r.actualCachedTokens),
      String(r.estimatedOutputTokens),
      String(r.actualOutputTokens),
      String(r.actualReasoningTokens),
      usd(r.projectedUsd),
      usd(r.actualUsd),
      usd(r.reservedUsd),
    ];
    if (overruns) cells.push(r.overruns === 0 ? "0" : `${r.overruns} (+${usd(r.overrunUsd)})`);
    return cells;
  });
  return renderTable(header, body, "numbers");
}

function moneyCells(name: string, m: ScopeMoney): string[] {
  return [
    name,
    formatUsd(toMicros(m.limitUsd), "limit"),
    usd(m.spentUsd),
    usd(m.reservedUsd),
    usd(m.remainingUsd),
  ];
}

export function renderRemaining(project: string, report: RemainingReport, team?: string | null): string {
  const rows = report.team ? [moneyCells(`team ${team ?? ""}`.trim(), report.team)] : [];
  rows.push(moneyCells(`project ${project}`, report.project));
  for (const [role, money] of Object.entries(report.roles)) rows.push(moneyCells(`role ${role}`, money));
  if (report.task) rows.push(moneyCells("task", report.task));
  return renderTable(["budget", "limit", "spent", "reserved", "remaining"], rows, "numbers");
}

const pct = (n: number) => `${n > 0 ? "+" : ""}${n.toFixed(1)}%`;

/** Input-token estimate against the provider's count, by model (real calls only). */
export function renderEstimator(rows: EstimatorAccuracy[]): string {
  if (rows.length === 0) return "estimator: no real calls with reported usage yet";
  return renderTable(
    ["model", "calls", "median error", "worst error"],
    rows.map((r) => [r.model, String(r.calls), pct(r.medianErrorPct), pct(r.worstErrorPct)]),
    "numbers",
  );
}
