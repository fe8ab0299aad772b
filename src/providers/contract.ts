import type { OutputKind, ReasoningEffort, ServiceTier } from "../config/schema.js";
import type { ModelOutput } from "./model-output.js";

/**
 * role_provider (SPEC §11): the one interface the engine calls. Providers know nothing of
 * budgets or the ledger; the engine reserves before `call` and settles with `usage` after.
 */

export interface ProviderRequest {
  role: string;
  model: string;
  /** System-level instructions (the output contract, the rules). */
  instructions: string;
  /** The built context: goal, files with line numbers, feedback. */
  input: string;
  wantedOutput: OutputKind;
  maxOutputTokens: number;
  reasoningEffort: ReasoningEffort;
  serviceTier: ServiceTier;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Identifies the call for scripted providers and cassettes (task id, attempt). */
  taskId: string;
  attempt: number;
}

export interface TokenUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoning: number;
}

export interface ProviderResponse {
  rawText: string;
  /** Null when the text could not be read as the output contract; see `parseError`. */
  output: ModelOutput | null;
  /** Why `output` is null, in words the next attempt can be told. */
  parseError?: string;
  usage: TokenUsage;
  /** False when the provider could not tell usage and it was estimated. */
  usageReported: boolean;
  model: string;
  serviceTier: ServiceTier;
  finishReason: "stop" | "length" | "refusal" | "other";
  latencyMs: number;
  requestId?: string;
}

export type ProviderErrorKind =
  | "rate_limited"
  | "tier_unavailable"
  | "timeout"
  | "server_error"
  | "refused"
  | "truncated"
  | "malformed_output"
  | "auth"
  | "bad_request"
  | "aborted";

/** A failed call, translated at the adapter; `retryable` is decided where the error is made. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly extra: {
      status?: number;
      /** Usage still billed for the failed call (e.g. a truncated response), if any. */
      usage?: TokenUsage;
      serviceTier?: ServiceTier;
      requestId?: string;
      retryAfterMs?: number;
      rawText?: string;
    } = {},
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface RoleProvider {
  readonly name: "fake" | "openai";
  call(request: ProviderRequest): Promise<ProviderResponse>;
}
