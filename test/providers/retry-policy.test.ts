import { describe, expect, it } from "vitest";
import { ProviderError, type ProviderErrorKind } from "../../src/providers/contract.js";
import { decideRetry, type RetryState } from "../../src/providers/retry-policy.js";

const policy = { maxRetries: 2, fallbackTier: "default" as const, baseDelayMs: 500, maxDelayMs: 1500 };
const state = (overrides: Partial<RetryState> = {}): RetryState => ({
  attempt: 0,
  tier: "flex",
  fellBack: false,
  ...overrides,
});
const error = (kind: ProviderErrorKind, retryable = true, extra: ProviderError["extra"] = {}) =>
  new ProviderError(kind, `${kind} happened`, retryable, extra);

describe("decideRetry", () => {
  it("falls back once from flex to the fallback tier, at once", () => {
    expect(decideRetry(error("tier_unavailable"), state(), policy)).toMatchObject({
      action: "retry",
      delayMs: 0,
      tier: "default",
    });
    // Even when backoff retries are used up: the fallback is a different call, not a retry of the same one.
    expect(
      decideRetry(error("tier_unavailable"), state({ attempt: 5 }), { ...policy, maxRetries: 0 }),
    ).toMatchObject({
      action: "retry",
      tier: "default",
    });
  });

  it("does not fall back twice, nor from the fallback tier itself", () => {
    expect(
      decideRetry(error("tier_unavailable"), state({ fellBack: true, tier: "default" }), policy).action,
    ).toBe("fail");
    expect(decideRetry(error("tier_unavailable"), state({ tier: "default" }), policy).action).toBe("fail");
  });

  const table: [ProviderErrorKind, number, "retry" | "fail", number | undefined][] = [
    ["rate_limited", 0, "retry", 500],
    ["rate_limited", 1, "retry", 1000],
    ["rate_limited", 2, "fail", undefined],
    ["server_error", 0, "retry", 500],
    ["server_error", 1, "retry", 1000],
    ["timeout", 0, "retry", 500],
    ["timeout", 2, "fail", undefined],
    ["truncated", 0, "fail", undefined],
    ["refused", 0, "fail", undefined],
    ["auth", 0, "fail", undefined],
    ["bad_request", 0, "fail", undefined],
    ["malformed_output", 0, "fail", undefined],
    ["aborted", 0, "fail", undefined],
  ];
  for (const [kind, attempt, action, delayMs] of table) {
    it(`${kind} after ${attempt} retries → ${action}${delayMs === undefined ? "" : ` in ${delayMs} ms`}`, () => {
      const decision = decideRetry(error(kind), state({ attempt, tier: "default" }), policy);
      expect(decision.action).toBe(action);
      if (decision.action === "retry") expect(decision).toMatchObject({ delayMs, tier: "default" });
      expect(decision.reason).not.toBe("");
    });
  }

  it("caps the exponential delay", () => {
    const decision = decideRetry(error("server_error"), state({ attempt: 4 }), { ...policy, maxRetries: 9 });
    expect(decision).toMatchObject({ action: "retry", delayMs: 1500 });
  });

  it("honours retry-after when longer than the backoff, and gives up when it is too long", () => {
    expect(decideRetry(error("rate_limited", true, { retryAfterMs: 7000 }), state(), policy)).toMatchObject({
      delayMs: 7000,
    });
    expect(decideRetry(error("rate_limited", true, { retryAfterMs: 100 }), state(), policy)).toMatchObject({
      delayMs: 500,
    });
    expect(decideRetry(error("rate_limited", true, { retryAfterMs: 600_000 }), state(), policy).action).toBe(
      "fail",
    );
  });

  it("fails an error the adapter marked not retryable", () => {
    expect(decideRetry(error("server_error", false), state(), policy).action).toBe("fail");
  });
});
