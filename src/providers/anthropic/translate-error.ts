import type * as Sdk from "@anthropic-ai/sdk";
import { ProviderError } from "../contract.js";
import { type EndpointFacts, errorForHttpStatus, unreachableError } from "../http-errors.js";
import { retryAfterMs } from "../openai/translate-error.js";
import { scrubSecrets } from "../scrub-secrets.js";

type SdkErrors = Pick<
  typeof Sdk,
  "APIError" | "APIUserAbortError" | "APIConnectionTimeoutError" | "APIConnectionError"
>;

/**
 * Anthropic's errors in Leash's kinds. 529 is `overloaded`, retried with backoff like a 5xx; the
 * rest follow the HTTP classification every wire shares (http-errors.ts), so 401/403/404/400 are
 * fatal and stop the run at once.
 */
export function translateAnthropicError(
  err: unknown,
  sdk: SdkErrors,
  secrets: readonly string[],
  facts: EndpointFacts,
): ProviderError {
  const clean = (text: string): string => scrubSecrets(text, secrets);
  if (err instanceof ProviderError) return err;
  if (err instanceof sdk.APIUserAbortError)
    return new ProviderError("aborted", "the call was aborted", false);
  if (err instanceof sdk.APIConnectionTimeoutError)
    return new ProviderError("timeout", "the call timed out before the server answered", true);
  if (err instanceof sdk.APIConnectionError) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : "";
    return unreachableError(clean(`${err.message}${cause}`), facts);
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
  return errorForHttpStatus(status, clean(err.message), facts, {
    ...extra,
    ...(status === 429 && retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  });
}
