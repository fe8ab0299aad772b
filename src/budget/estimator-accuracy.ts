import type { LedgerRow } from "./ledger/contract.js";

/** How far the input estimate was from the provider's count, per model (`leash ledger`). */
export interface EstimatorAccuracy {
  model: string;
  /** Calls with reported input tokens. */
  calls: number;
  /** Signed error, (estimated − actual) / actual in percent: negative means under-counted. */
  medianErrorPct: number;
  /** The error of largest size, with its sign. */
  worstErrorPct: number;
}

/**
 * Only real calls that reported usage are measured: a simulated call's "actual" count comes from
 * the same tokenizer as the estimate and says nothing about the estimator.
 */
export function estimatorAccuracy(rows: readonly LedgerRow[]): EstimatorAccuracy[] {
  const byModel = new Map<string, number[]>();
  for (const row of rows) {
    if (row.simulated || row.actualInputTokens === null || row.actualInputTokens <= 0) continue;
    const errors = byModel.get(row.model) ?? [];
    errors.push(((row.estimatedInputTokens - row.actualInputTokens) / row.actualInputTokens) * 100);
    byModel.set(row.model, errors);
  }
  return [...byModel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, errors]) => ({
      model,
      calls: errors.length,
      medianErrorPct: round1(median(errors)),
      worstErrorPct: round1(errors.reduce((w, e) => (Math.abs(e) > Math.abs(w) ? e : w), 0)),
    }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
