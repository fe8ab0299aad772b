/** What a reservation adds to the exact input count (budget.input_margin, docs/budget.md). */
export interface InputMargin {
  tokens: number;
  percent: number;
}

/**
 * Input tokens a reservation covers: the exact count of the text Leash sends plus a margin for
 * what the count cannot see — the provider's own per-message framing and its rendering of the
 * output schema — so that an honest usage report never passes the reservation.
 */
export function reservedInputTokens(estimate: number, margin: InputMargin): number {
  return estimate + margin.tokens + Math.ceil((estimate * margin.percent) / 100);
}
