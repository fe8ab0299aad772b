import { describe, expect, it } from "vitest";
import { actualTier } from "../../../src/providers/openai/map-response.js";
import { timeoutFor } from "../../../src/providers/openai/openai-provider.js";
import { retryAfterMs } from "../../../src/providers/openai/translate-error.js";
import { scrubSecrets } from "../../../src/providers/scrub-secrets.js";
import { providerRequest } from "../helpers/requests.js";

describe("OpenAI adapter details", () => {
  it("gives flex its long timeout unless the request sets one", () => {
    const options = { timeoutS: 120, flexTimeoutS: 900 };
    expect(timeoutFor(providerRequest({ timeoutMs: 0, serviceTier: "flex" }), options)).toBe(900_000);
    expect(timeoutFor(providerRequest({ timeoutMs: 0, serviceTier: "default" }), options)).toBe(120_000);
    expect(timeoutFor(providerRequest({ timeoutMs: 42, serviceTier: "flex" }), options)).toBe(42);
  });

  it("bills the tier the response names", () => {
    expect(actualTier("flex", "default")).toBe("flex");
    expect(actualTier("auto", "flex")).toBe("default");
    expect(actualTier("scale", "flex")).toBe("default");
    expect(actualTier("fast", "default")).toBe("priority");
    expect(actualTier(null, "flex")).toBe("flex");
    expect(actualTier(undefined, "priority")).toBe("priority");
  });

  it("reads retry-after-ms, retry-after seconds and retry-after dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "1.5" }))).toBe(1500);
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 25 Nov 2026 12:00:10 GMT" }), now)).toBe(10_000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it("scrubs known secrets and anything shaped like a key", () => {
    expect(scrubSecrets("key=hunter2hunter2 and sk-abcdefghijklmnop!", ["hunter2hunter2"])).toBe(
      "key=[redacted] and [redacted]!",
    );
    expect(scrubSecrets("sk-short stays")).toBe("sk-short stays");
  });
});
