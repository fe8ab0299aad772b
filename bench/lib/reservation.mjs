// One bench reservation: the same figures in every ledger bench, so their rates compare.
export function benchReservation(worker, i, overrides = {}) {
  return {
    project: "bench",
    runId: `run-${worker}`,
    taskId: `task-${i % 50}`,
    attempt: 1,
    role: "general_builder",
    provider: "fake",
    model: "gpt-5.1",
    requestedTier: "flex",
    reasoningEffort: "medium",
    estimatedInputTokens: 12_000,
    estimatedCachedTokens: 0,
    estimatedOutputTokens: 4_000,
    estimatedReasoningTokens: 0,
    projectedUsd: 0.0275,
    pid: process.pid,
    budgets: { taskUsd: 1e6, roleUsd: 1e6, projectUsd: 1e6 },
    ...overrides,
  };
}
