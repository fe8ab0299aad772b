import type { LeashConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import type { FakeResponse } from "../task/schema.js";
import { createRecordingProvider } from "./cassette/recording-provider.js";
import { createReplayProvider } from "./cassette/replay-provider.js";
import type { RoleProvider } from "./contract.js";
import { createFakeProvider } from "./fake/fake-provider.js";
import { createOpenAIProvider } from "./openai/openai-provider.js";

export interface FakeSetup {
  responses: FakeResponse[];
  countTokens: (text: string) => number;
  /** `--replay FILE`: serve a recorded run instead of the script. */
  replayFile?: string;
}

export interface ProviderWiring {
  /** `--record FILE`: append every call to a cassette. */
  recordFile?: string;
}

/**
 * The gate (SPEC §11): OpenAI runs only when the config enables it AND its key is in the
 * environment. The refusal names what is missing; the key itself is never printed.
 */
export function resolveProvider(
  name: "fake" | "openai",
  config: LeashConfig,
  env: NodeJS.ProcessEnv,
  fake: FakeSetup,
  wiring: ProviderWiring = {},
): RoleProvider {
  if (name === "fake") {
    const inner = fake.replayFile
      ? createReplayProvider(fake.replayFile)
      : createFakeProvider({ responses: fake.responses, countTokens: fake.countTokens });
    return wiring.recordFile ? createRecordingProvider(inner, wiring.recordFile) : inner;
  }

  const openai = config.provider.openai;
  const keyVar = openai.api_key_env;
  const key = env[keyVar];
  const keySet = key !== undefined && key.trim() !== "";
  if (!openai.enabled) {
    const also = keySet ? "" : ` The key variable ${keyVar} is not set either.`;
    throw new InputError(
      "provider.openai_disabled",
      `the OpenAI provider is disabled in the config.${also}`,
      {
        location: { field: "provider.openai.enabled" },
        hint: `Set provider.openai.enabled: true in leash.yaml${keySet ? "" : ` and export ${keyVar}`}, or run with --provider fake.`,
      },
    );
  }
  if (!keySet) {
    throw new InputError(
      "provider.openai_key_missing",
      `the environment variable ${keyVar} is not set or empty`,
      {
        location: { field: "provider.openai.api_key_env" },
        hint: `Export ${keyVar} with your API key (or point provider.openai.api_key_env at the variable that holds it).`,
      },
    );
  }
  const provider = createOpenAIProvider({
    apiKey: key,
    baseURL: openai.base_url,
    timeoutS: openai.timeout_s,
    flexTimeoutS: openai.flex_timeout_s,
    sendServiceTier: openai.send_service_tier,
    sendReasoning: openai.send_reasoning,
    countTokens: fake.countTokens,
    name: "openai",
    configPath: "provider.openai",
    apiKeyEnv: keyVar,
  });
  return wiring.recordFile
    ? createRecordingProvider(provider, wiring.recordFile, { secrets: [key] })
    : provider;
}
