import type { ProviderErrorKind, ProviderRequest, ProviderResponse } from "../contract.js";
import { ProviderError } from "../contract.js";

/** The request as kept on disk: what was asked, never the signal or anything secret. */
export type RecordedRequest = Pick<
  ProviderRequest,
  | "role"
  | "model"
  | "instructions"
  | "input"
  | "wantedOutput"
  | "maxOutputTokens"
  | "reasoningEffort"
  | "serviceTier"
  | "taskId"
  | "attempt"
>;

export interface RecordedError {
  kind: ProviderErrorKind;
  message: string;
  retryable: boolean;
  extra: ProviderError["extra"];
}

/** One JSONL line of a cassette: exactly one of `response` and `error`. */
export type CassetteEntry = {
  v: 1;
  digest: string;
  provider: string;
  request: RecordedRequest;
} & ({ response: ProviderResponse } | { error: RecordedError });

export function recordedRequest(request: ProviderRequest): RecordedRequest {
  return {
    role: request.role,
    model: request.model,
    instructions: request.instructions,
    input: request.input,
    wantedOutput: request.wantedOutput,
    maxOutputTokens: request.maxOutputTokens,
    reasoningEffort: request.reasoningEffort,
    serviceTier: request.serviceTier,
    taskId: request.taskId,
    attempt: request.attempt,
  };
}

export function recordedError(error: ProviderError): RecordedError {
  return { kind: error.kind, message: error.message, retryable: error.retryable, extra: error.extra };
}

export function revivedError(error: RecordedError): ProviderError {
  return new ProviderError(error.kind, error.message, error.retryable, error.extra);
}
