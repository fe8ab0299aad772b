import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReservationRequest } from "../../../src/budget/ledger/contract.js";

/** A reservation with sensible defaults; tests override what they are about. */
export function request(overrides: Partial<ReservationRequest> = {}): ReservationRequest {
  return {
    project: "demo",
    runId: "run-1",
    taskId: "task-1",
    attempt: 1,
    role: "general_builder",
    provider: "fake",
    model: "gpt-5.1",
    requestedTier: "flex",
    reasoningEffort: "medium",
    estimatedInputTokens: 1000,
    estimatedCachedTokens: 0,
    estimatedOutputTokens: 4000,
    estimatedReasoningTokens: 0,
    projectedUsd: 0.0412,
    pid: process.pid,
    budgets: { taskUsd: 0.5, roleUsd: 2, projectUsd: 5 },
    ...overrides,
  };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "leash-ledger-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
