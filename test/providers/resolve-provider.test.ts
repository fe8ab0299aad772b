import { describe, expect, it } from "vitest";
import { providerSpecs } from "../../src/config/provider-specs.js";
import { InputError } from "../../src/errors.js";
import { resolveProvider, resolveRunProvider } from "../../src/providers/resolve-provider.js";
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

describe("named providers (SPEC §12)", () => {
  const named = () => {
    const config = testConfig();
    return {
      ...config,
      providers: {
        ...config.providers,
        local: {
          wire: "chat_completions" as const,
          enabled: true,
          base_url: "http://127.0.0.1:9/v1",
          api_key_env: null,
        },
        claude: { wire: "anthropic_messages" as const, enabled: true, api_key_env: "LEASH_TEST_ANTHROPIC" },
      },
    };
  };

  it("a keyless local endpoint needs only enabled: true", () => {
    expect(resolveProvider("local", named(), {}, fake).name).toBe("local");
  });

  it("a declared key variable must be set, and the refusal points at the provider's own field", () => {
    const err = refusal(() => resolveProvider("claude", named(), {}, fake));
    expect(err).toMatchObject({
      code: "provider.key_missing",
      location: { field: "providers.claude.api_key_env" },
    });
  });

  it("a disabled named provider is refused with its own field", () => {
    const err = refusal(() => resolveProvider("anthropic", testConfig(), { ANTHROPIC_API_KEY: KEY }, fake));
    expect(err).toMatchObject({
      code: "provider.disabled",
      location: { field: "providers.anthropic.enabled" },
    });
  });

  it("an unknown name is refused with a did-you-mean", () => {
    const err = refusal(() => resolveProvider("lcoal", named(), {}, fake));
    expect(err.code).toBe("provider.unknown");
    expect(err.hint).toContain("did you mean `local`?");
  });

  it("roles on different providers get a routed provider that names each role's provider", () => {
    const config = named();
    config.roles = {
      ...config.roles,
      mechanical_worker: { model: "qwen", output: "patch", provider: "local" },
      frontier_reviewer: { model: "claude-sonnet-4-5", output: "diagnosis", provider: "claude" },
    };
    const provider = resolveRunProvider(config, {}, fake);
    expect(provider.name).toBe("fake");
    expect(provider.nameFor?.("mechanical_worker")).toBe("local");
    expect(provider.nameFor?.("frontier_reviewer")).toBe("claude");
    expect(provider.nameFor?.("general_builder")).toBe("fake");
    // --provider puts every role on one provider.
    const scripted = { ...fake, responses: [{ diagnosis: "d" }] };
    expect(resolveRunProvider(config, {}, scripted, {}, "fake").nameFor).toBeUndefined();
  });

  it("refuses a run on which every role would call a fake with nothing scripted, before anything is built", () => {
    const err = refusal(() => resolveRunProvider(testConfig(), {}, fake));
    expect(err.code).toBe("provider.fake_unscripted");
    expect(err.hint).toContain("Enable a provider");
    expect(refusal(() => resolveRunProvider(named(), {}, fake, {}, "fake")).code).toBe(
      "provider.fake_unscripted",
    );
    // A replay, a scripted answer, or one role on a real provider: the run can get an answer.
    // (the replay file is read when the provider is built: a missing one is its own refusal)
    const replay = { ...fake, replayFile: "/nonexistent.jsonl" };
    expect(refusal(() => resolveRunProvider(testConfig(), {}, replay)).code).toBe("replay.unreadable");
    expect(resolveRunProvider(testConfig(), {}, { ...fake, responses: [{ diagnosis: "d" }] }).name).toBe(
      "fake",
    );
    const mixed = named();
    mixed.roles = {
      ...mixed.roles,
      mechanical_worker: { model: "qwen", output: "patch", provider: "local" },
    };
    expect(resolveRunProvider(mixed, {}, fake).nameFor?.("mechanical_worker")).toBe("local");
  });

  it("the older provider.openai block is the provider named openai", () => {
    const specs = providerSpecs(testConfig({ enabled: true, base_url: "http://127.0.0.1:9/v1" }));
    expect(specs.get("openai")).toMatchObject({
      wire: "responses",
      enabled: true,
      baseUrl: "http://127.0.0.1:9/v1",
    });
  });
});
