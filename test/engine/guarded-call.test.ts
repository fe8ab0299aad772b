import { afterEach, describe, expect, it } from "vitest";
import { guardedCall } from "../../src/engine/guarded-call.js";
import { ProviderError, type ProviderRequest } from "../../src/providers/contract.js";
import { callPorts, memoryBudget, scriptedProvider } from "../helpers/fake-ports.js";
import { makeConfig, makeTask } from "../routing/config-fixture.js";
import { answer, type CallHarness, callHarness, type Step } from "./helpers/call-ports.js";

/** The budget guard around one call, through its ports: real budget adapter, real SQLite ledger. */

let harness: CallHarness | undefined;
afterEach(async () => harness?.close());

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

describe("guardedCall settles against the reservation", () => {
  it("a reported input above the estimate + margin is an overrun: on the row, as an event, and in the result", async () => {
    harness = await callHarness(makeConfig(), makeTask(), [
      answer({ usage: { input: 50_000, cachedInput: 0, output: 1000, reasoning: 0 } }),
    ]);
    const result = await guardedCall(harness.ports, request({ serviceTier: "default" }), options);
    expect(result.ok).toBe(true);
    expect(result.overrun).toMatchObject({ model: "gpt-5-mini", usage: { input: 50_000 } });
    const [row] = await harness.ledger.rows();
    expect(row?.status).toBe("settled");
    expect(row?.overrunUsd).toBeGreaterThan(0);
    expect(row!.actualUsd! - row!.projectedUsd).toBeCloseTo(row!.overrunUsd, 6);
    expect(harness.events.map((e) => e.event)).toContain("overrun");
  });

  it("an honest report within the margin is no overrun", async () => {
    const steps: Step[] = [];
    harness = await callHarness(makeConfig(), makeTask(), steps);
    const estimate = harness.ports.budget.estimateRequestTokens(request(), "gpt-5-mini");
    steps.push(answer({ usage: { input: estimate + 60, cachedInput: 0, output: 1000, reasoning: 0 } }));
    const result = await guardedCall(harness.ports, request({ serviceTier: "default" }), options);
    expect(result.overrun).toBeUndefined();
    expect((await harness.ledger.rows())[0]?.overrunUsd).toBe(0);
  });

  it("a client-side timeout with no usage settles at the reservation, not $0", async () => {
    harness = await callHarness(makeConfig(), makeTask(), [
      new ProviderError("timeout", "the call timed out before the server answered", true),
    ]);
    const result = await guardedCall(harness.ports, request({ serviceTier: "default" }), {
      ...options,
      maxRetries: 0,
    });
    expect(result.ok).toBe(false);
    const [row] = await harness.ledger.rows();
    expect(row?.status).toBe("settled");
    expect(row?.actualUsd).toBe(row?.projectedUsd);
    expect(row?.error).toMatch(/assumed billed/);
  });

  it("a refused connection or a 500 is released: nothing was billed", async () => {
    harness = await callHarness(makeConfig(), makeTask(), [
      new ProviderError("server_error", "HTTP 500", true, { status: 500 }),
    ]);
    await guardedCall(harness.ports, request({ serviceTier: "default" }), { ...options, maxRetries: 0 });
    expect((await harness.ledger.rows()).map((r) => [r.status, r.actualUsd])).toEqual([["released", 0]]);
  });

  it("the reservation covers the estimate plus budget.input_margin and the full output cap", async () => {
    harness = await callHarness(makeConfig(), makeTask(), [
      answer({ usage: { input: 10, cachedInput: 0, output: 10, reasoning: 0 } }),
    ]);
    await guardedCall(harness.ports, request({ serviceTier: "default" }), options);
    const [row] = await harness.ledger.rows();
    const estimate = row!.estimatedInputTokens;
    // gpt-5-mini default: $0.25 in / $2.00 out per 1M; margin 64 tokens + 5%.
    const reservedInput = estimate + 64 + Math.ceil(estimate * 0.05);
    expect(row?.projectedUsd).toBe(Math.ceil(reservedInput * 0.25 + 1000 * 2) / 1e6);
  });
});

const memoryRequest: ProviderRequest = {
  role: "general_builder",
  model: "m",
  instructions: "x".repeat(400),
  input: "y".repeat(400),
  wantedOutput: "patch",
  maxOutputTokens: 1000,
  reasoningEffort: "medium",
  serviceTier: "flex",
  timeoutMs: 1000,
  taskId: "t",
  attempt: 1,
};
const memoryOptions = {
  runId: "r",
  taskBudgetUsd: 1,
  fallbackTier: "default" as const,
  maxRetries: 2,
  baseDelayMs: 10,
  startedAtMs: 0,
  contextChars: 800,
};

describe("guardedCall through in-memory ports (test/helpers/fake-ports.ts)", () => {
  it("reserves the projected cost, calls once, settles at the reported usage", async () => {
    const provider = scriptedProvider([{}]);
    const budget = memoryBudget();
    const result = await guardedCall(callPorts(provider, budget), memoryRequest, memoryOptions);
    expect(result.ok).toBe(true);
    expect(provider.calls).toHaveLength(1);
    expect(budget.rows).toEqual([
      { id: "1", tier: "flex", projectedUsd: (200 + 1000) / 1e6, status: "settled", actualUsd: 150 / 1e6 },
    ]);
  });

  it("falls back to the fallback tier when the wanted one has no price, before reserving", async () => {
    const provider = scriptedProvider([{}]);
    const budget = memoryBudget({ tiers: ["default"] });
    await guardedCall(callPorts(provider, budget), memoryRequest, memoryOptions);
    expect(provider.calls.map((c) => c.serviceTier)).toEqual(["default"]);
    expect(budget.rows[0]?.tier).toBe("default");
  });

  it("retries a rate limit with a fresh reservation, releasing the failed one", async () => {
    const provider = scriptedProvider([new ProviderError("rate_limited", "slow down", true, {}), {}]);
    const budget = memoryBudget();
    const result = await guardedCall(callPorts(provider, budget), memoryRequest, memoryOptions);
    expect(result.ok).toBe(true);
    expect(provider.calls).toHaveLength(2);
    expect(budget.rows.map((r) => r.status)).toEqual(["released", "settled"]);
  });

  it("never calls when the reservation is refused", async () => {
    const provider = scriptedProvider([{}]);
    const budget = memoryBudget({ taskUsd: 0.0001 });
    await expect(
      guardedCall(callPorts(provider, budget), memoryRequest, memoryOptions),
    ).rejects.toMatchObject({
      code: "budget.task",
    });
    expect(provider.calls).toHaveLength(0);
  });
});
