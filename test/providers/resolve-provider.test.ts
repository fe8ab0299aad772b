import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { resolveProvider } from "../../src/providers/resolve-provider.js";
import { countWords } from "./helpers/requests.js";
import { testConfig } from "./helpers/test-config.js";

const KEY = "sk-test-GATESECRET1234567890";
const fake = { responses: [], countTokens: countWords };

function refusal(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const inputError = err as InputError;
    expect(`${inputError.message} ${inputError.hint}`).not.toContain(KEY);
    return inputError;
  }
  throw new Error("expected a refusal");
}

describe("resolveProvider (the gate)", () => {
  it("gives the fake provider without any key", () => {
    expect(resolveProvider("fake", testConfig(), {}, fake).name).toBe("fake");
  });

  it("refuses openai when the config disables it, even with the key set", () => {
    const err = refusal(() =>
      resolveProvider("openai", testConfig({ enabled: false }), { OPENAI_API_KEY: KEY }, fake),
    );
    expect(err).toMatchObject({
      code: "provider.openai_disabled",
      exitCode: 2,
      location: { field: "provider.openai.enabled" },
    });
    expect(err.hint).toContain("provider.openai.enabled: true");
  });

  it("names both missing pieces when neither is there", () => {
    const err = refusal(() => resolveProvider("openai", testConfig({ enabled: false }), {}, fake));
    expect(err.code).toBe("provider.openai_disabled");
    expect(err.message).toContain("OPENAI_API_KEY is not set either");
    expect(err.hint).toContain("export OPENAI_API_KEY");
  });

  it("refuses openai when the key variable is unset or blank", () => {
    const config = testConfig({ enabled: true, api_key_env: "LEASH_TEST_KEY" });
    for (const env of [{}, { LEASH_TEST_KEY: "  " }]) {
      const err = refusal(() => resolveProvider("openai", config, env, fake));
      expect(err).toMatchObject({ code: "provider.openai_key_missing", exitCode: 2 });
      expect(err.message).toContain("LEASH_TEST_KEY");
    }
  });

  it("builds the openai provider when enabled and keyed, without loading the SDK yet", () => {
    const provider = resolveProvider("openai", testConfig({ enabled: true }), { OPENAI_API_KEY: KEY }, fake);
    expect(provider.name).toBe("openai");
  });
});
