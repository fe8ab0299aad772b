import { afterEach, describe, expect, it } from "vitest";
import { guardedCall } from "../../src/engine/guarded-call.js";
import { ProviderError, type ProviderRequest } from "../../src/providers/contract.js";
import { makeConfig, makeTask } from "../routing/config-fixture.js";
import { answer, type CallHarness, callHarness } from "./helpers/call-ports.js";

/** The budget guard around one call, through its ports: real budget adapter, real SQLite ledger. */

let harness: CallHarness | undefined;
afterEach(() => harness?.close());

const TIMEOUT_S = 120;
const FLEX_TIMEOUT_S = 900;

function request(fields: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    role: "simple_builder",
    model: "gpt-5-mini",
    instructions: "Answer with a diagnosis.",
    input: "Why does add(2, 3) return -1?",
    wantedOutput: "diagnosis",
    maxOutputTokens: 1000,
    reasoningEffort: "medium",
    serviceTier: "flex",
    timeoutMs: FLEX_TIMEOUT_S * 1000,
    taskId: "t",
    attempt: 1,
    ...fields,
  };
}

const options = {
  runId: "run-1",
  taskBudgetUsd: 0.5,
  fallbackTier: "default" as const,
  maxRetries: 2,
  baseDelayMs: 1,
  startedAtMs: Date.now(),
  contextChars: 100,
  timeoutMsFor: (tier: string) => (tier === "flex" ? FLEX_TIMEOUT_S : TIMEOUT_S) * 1000,
};

describe("guardedCall", () => {
  it("after flex → default fallback the default call runs under timeout_s, not flex_timeout_s", async () => {
    harness = await callHarness(makeConfig(), makeTask(), [
      new ProviderError("tier_unavailable", "no flex capacity", true, { status: 429 }),
      answer({ usage: { input: 50, cachedInput: 0, output: 20, reasoning: 0 } }),
    ]);
    const result = await guardedCall(harness.ports, request(), options);
    expect(result.ok).toBe(true);
    expect(harness.requests.map((r) => [r.serviceTier, r.timeoutMs])).toEqual([
      ["flex", FLEX_TIMEOUT_S * 1000],
      ["default", TIMEOUT_S * 1000],
    ]);
  });
});
