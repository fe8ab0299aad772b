/**
 * The stages a run records, in order, when attempt `n` is accepted and every attempt before it
 * failed its validators and was rolled back (SPEC §1). Tests of state.json, the recorder and the
 * report compare against this one list, so a new stage is added in one place.
 */
export function stagesAcceptedOnAttempt(n: number): string[] {
  const attempt = (i: number) =>
    ["context", "call", "patch", "apply", "validate", ...(i < n ? ["rollback"] : [])].map(
      (stage) => `attempt ${i}: ${stage}`,
    );
  return [
    "checkpoint",
    "baseline",
    "classify",
    "route",
    ...Array.from({ length: n }, (_, i) => attempt(i + 1)).flat(),
    "deliver",
    "report",
  ];
}
