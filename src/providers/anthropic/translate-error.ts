import type * as Sdk from "@anthropic-ai/sdk";
import { ProviderError } from "../contract.js";
import { retryAfterMs } from "../openai/translate-error.js";
import { scrubSecrets } from "../scrub-secrets.js";

type SdkErrors = Pick<
  typeof Sdk,
  "APIError" | "APIUserAbortError" | "APIConnectionTimeoutError" | "APIConnectionError"
>;

/** Anthropic's errors in Leash's kinds; 529 is `overloaded`, retried with backoff like a 5xx. */
export function translateAnthropicError(
  err: unknown,
  sdk: SdkErrors,
  secrets: readonly string[],
): ProviderError {
  const clean = (text: string): string => scrubSecrets(text, secrets);
  if (err instanceof ProviderError) return err;
  if (err instanceof sdk.APIUserAbortError)
    return new ProviderError("aborted", "the call was aborted", false);
  if (err instanceof sdk.APIConnectionTimeoutError)
    return new ProviderError("timeout", "the call timed out before the server answered", true);
  if (err instanceof sdk.APIConnectionError) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : "";
    return new ProviderError("server_error", clean(`cannot reach the server: ${err.message}${cause}`), true);
  }
  if (!(err instanceof sdk.APIError) || err.status === undefined) {
    const message = err instanceof Error ? err.message : String(err);
    return new ProviderError(
      "server_error",
      clean(`unexpected error from the Anthropic SDK: ${message}`),
      false,
    );
  }
  const status = err.status;
  const extra = { status, requestId: err.requestID ?? undefined };
  const text = clean(`HTTP ${status}: ${err.message}`);
  const retryAfter = retryAfterMs(err.headers);
  if (status === 529)
    return new ProviderError("overloaded", `Anthropic is overloaded (${text})`, true, {
      ...extra,
      retryAfterMs: retryAfter,
    });
  if (status === 429)
    return new ProviderError("rate_limited", text, true, { ...extra, retryAfterMs: retryAfter });
  if (status === 408 || status === 409 || status >= 500)
    return new ProviderError("server_error", text, true, extra);
  if (status === 401 || status === 403) return new ProviderError("auth", text, false, extra);
  if (status === 404) {
    return new ProviderError(
      "not_found",
      `${text} (the endpoint or model does not exist here: check base_url and the model name)`,
      false,
      extra,
    );
  }
  return new ProviderError("bad_request", text, false, extra);
}
