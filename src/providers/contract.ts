import type { OutputKind, ReasoningEffort, ServiceTier } from "../config/schema.js";
import type { ModelOutput } from "../contract/model-output.js";
import type { TokenUsage } from "../contract/token-usage.js";

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

export type { TokenUsage } from "../contract/token-usage.js";

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
  | "overloaded"
  | "not_found"
  | "refused"
  | "truncated"
  | "malformed_output"
  | "auth"
  | "bad_request"
  | "not_found"
  | "unreachable"
  | "aborted";

/**
 * How a failed call is classified. Every wire adapter decides both flags where it translates its
 * vendor's error (use `errorForHttpStatus` / `unreachableError` from http-errors.ts for HTTP
 * wires), so the engine and the retry policy never see SDK types:
 *
 * - `retryable`: the orchestrator may call again (bounded by `max_retries`, each retry reserved
 *   afresh): rate limits, 408/409/>=500, timeouts, connection failures, tier unavailable.
 * - `fatal`: retrying cannot fix it; once the retries (if any) are used up the run ends at once
 *   (exit 2): no further attempt, no escalation, nothing fed to a model. 401/403 (`auth`), 404
 *   (`not_found`: unknown model or endpoint), 400/422 (`bad_request`), and `unreachable` (a
 *   connection that still fails after the bounded retries: retryable AND fatal).
 * - neither: the attempt failed (truncated, refused, malformed output); the loop may go on.
 *
 * A fatal error carries `endpoint` (base URL + path) and `hint` (the fix, naming the config
 * field or variable), so the stop message can say what to change.
 */
export interface ProviderErrorExtra {
  status?: number;
  /** Usage still billed for the failed call (e.g. a truncated response), if any. */
  usage?: TokenUsage;
  serviceTier?: ServiceTier;
  requestId?: string;
  retryAfterMs?: number;
  rawText?: string;
  /** See the classification above; default false. */
  fatal?: boolean;
  /** The provider's name as configured (`openai`, a named provider). */
  provider?: string;
  /** base_url + path of the call, e.g. `https://api.openai.com/v1/responses`. */
  endpoint?: string;
  /** What the operator should change. */
  hint?: string;
}

/** A failed call, translated at the adapter; `retryable` and `fatal` are decided where the error is made. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly extra: ProviderErrorExtra = {},
  ) {
    super(message);
    this.name = "ProviderError";
  }

  /** Retrying cannot fix it: the run stops once the bounded retries are used up. */
  get fatal(): boolean {
    return this.extra.fatal === true;
  }
}

export interface RoleProvider {
  /** The provider's name in the config (`fake`, `openai`, a key of `providers`). */
  readonly name: string;
  /** When calls go to different providers by role: the one that serves `role`. */
  nameFor?(role: string): string;
  /**
   * True for providers whose calls cost nothing real (the fake provider, replays): their spend is
   * recorded as simulated and never counted against real budgets (SPEC §12).
   */
  readonly simulated?: boolean;
  call(request: ProviderRequest): Promise<ProviderResponse>;
}
