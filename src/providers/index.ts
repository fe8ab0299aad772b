export type {
  CassetteEntry,
  RecordedError,
  RecordedRequest,
} from "./cassette/cassette-entry.js";
export { createRecordingProvider } from "./cassette/recording-provider.js";
export { createReplayProvider } from "./cassette/replay-provider.js";
export { requestDigest } from "./cassette/request-digest.js";
export { createFakeProvider, type FakeProviderOptions } from "./fake/fake-provider.js";
export { type EndpointFacts, errorForHttpStatus, unreachableError } from "./http-errors.js";
export { createOpenAIProvider, type OpenAIProviderOptions } from "./openai/openai-provider.js";
export { outputJsonSchema } from "./output-json-schema.js";
export { KINDS_FOR, type ParseOutputResult, parseModelOutput } from "./parse-model-output.js";
export { type FakeSetup, type ProviderWiring, resolveProvider } from "./resolve-provider.js";
export { decideRetry, type RetryDecision, type RetryPolicy, type RetryState } from "./retry-policy.js";
export { scrubSecrets } from "./scrub-secrets.js";
