import type * as Sdk from "openai";
import { ProviderError } from "../contract.js";
import { type EndpointFacts, errorForHttpStatus, unreachableError } from "../http-errors.js";
import { scrubSecrets } from "../scrub-secrets.js";

type SdkErrors = Pick<
  typeof Sdk,
  "APIError" | "APIUserAbortError" | "APIConnectionTimeoutError" | "APIConnectionError"
>;

/**
 * Vendor errors become Leash's own here, with `retryable` decided where the facts are, so the
 * retry policy never sees SDK types. Every message is scrubbed of the key: servers echo it.
 */
export function translateSdkError(
  err: unknown,
  sdk: SdkErrors,
  secrets: readonly string[],
  facts: EndpointFacts,
): ProviderError {
  const clean = (text: string): string => scrubSecrets(text, secrets);
  if (err instanceof ProviderError) return err;
  if (err instanceof sdk.APIUserAbortError)
    return new ProviderError("aborted", "the call was aborted", false);
  if (err instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError("timeout", "the call timed out before the server answered", true);
  }
  if (err instanceof sdk.APIConnectionError) return unreachableError(clean(causeOf(err)), facts);
  if (!(err instanceof sdk.APIError) || err.status === undefined) {
    const message = err instanceof Error ? err.message : String(err);
    return new ProviderError(
      "server_error",
      clean(`unexpected error from the OpenAI SDK: ${message}`),
      false,
    );
  }

  const status = err.status;
  const extra = { status, requestId: err.requestID ?? undefined };
  const text = clean(`HTTP ${status}: ${err.message}`);
  const words = `${err.code ?? ""} ${err.type ?? ""} ${err.message}`.toLowerCase();
  if (status === 429 && words.includes("resource") && words.includes("unavailable")) {
    return new ProviderError("tier_unavailable", `the requested tier has no capacity (${text})`, true, extra);
  }
  if (status === 400 && (err.param === "service_tier" || words.includes("service_tier"))) {
    return new ProviderError(
      "tier_unavailable",
      `the server refused the service tier (${text})`,
      true,
      extra,
    );
  }
  const retryAfter = status === 429 ? retryAfterMs(err.headers) : undefined;
  return errorForHttpStatus(status, clean(err.message), facts, {
    ...extra,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}

function causeOf(err: Error): string {
  const cause = err.cause instanceof Error ? err.cause.message : "";
  return cause === "" ? err.message : `${err.message} (${cause})`;
}

/** `retry-after-ms` first (OpenAI sends it), then `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
