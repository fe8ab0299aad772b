import type { OpenAI } from "openai";
import type { ProviderRequest, ProviderResponse, RoleProvider } from "../contract.js";
import { buildResponsesBody } from "./build-request.js";
import { mapResponse } from "./map-response.js";
import { translateSdkError } from "./translate-error.js";

export interface OpenAIProviderOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint; null means OpenAI's own (never the OPENAI_BASE_URL variable). */
  baseURL?: string | null;
  timeoutS: number;
  flexTimeoutS: number;
  sendServiceTier: boolean;
  sendReasoning: boolean;
  promptCache?: boolean;
  /** Replaces undici's fetch (and its long-timeout agent); for tests and unusual runtimes. */
  fetch?: typeof fetch;
  /** Estimates usage when a compatible server reports none. */
  countTokens?: (text: string) => number;
  /** For messages naming the fix: the provider's name, its config block and its key variable. */
  name?: string;
  configPath?: string;
  apiKeyEnv?: string | null;
}

const OPENAI_BASE_URL = "https://api.openai.com/v1";
/** Slack over the SDK timeout so the SDK's own timer, not the socket's, ends a slow call. */
const SOCKET_SLACK_MS = 30_000;

type Sdk = typeof import("openai");

/**
 * The OpenAI provider over the official SDK's Responses API. The SDK and undici load on the
 * first call so `leash --help` stays fast; the SDK's retries are off because every retry must
 * pass Leash's budget guard.
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): RoleProvider {
  let loaded: Promise<LoadedClient> | undefined;
  const secrets = [options.apiKey];

  async function call(request: ProviderRequest): Promise<ProviderResponse> {
    loaded ??= loadOpenAIClient(options);
    const { sdk, client } = await loaded;
    const timeout = timeoutFor(request, options);
    const started = performance.now();
    // The SDK adds an abort listener to the signal it is given and never removes it; the run's
    // signal lives for every call, so each call gets its own signal, unlinked when it ends.
    const own = new AbortController();
    const forward = () => own.abort(request.signal?.reason);
    if (request.signal?.aborted) forward();
    else request.signal?.addEventListener("abort", forward, { once: true });
    try {
      const { data, request_id } = await client.responses
        .create(buildResponsesBody(request, options), { signal: own.signal, timeout })
        .withResponse();
      const latencyMs = Math.round(performance.now() - started);
      return mapResponse(data, request, {
        requestId: request_id ?? undefined,
        latencyMs,
        countTokens: options.countTokens,
      });
    } catch (err) {
      throw translateSdkError(err, sdk, secrets, {
        provider: options.name ?? "openai",
        configPath: options.configPath ?? "provider.openai",
        wire: "responses",
        endpoint: `${(options.baseURL ?? OPENAI_BASE_URL).replace(/\/+$/, "")}/responses`,
        keyEnv: options.apiKeyEnv ?? "OPENAI_API_KEY",
        model: request.model,
        role: request.role,
      });
    } finally {
      request.signal?.removeEventListener("abort", forward);
    }
  }

  return { name: options.name ?? "openai", call };
}

export interface LoadedClient {
  sdk: Sdk;
  client: OpenAI;
}

/** The SDK and undici load on the first call; both wires of the OpenAI SDK share this. */
export async function loadOpenAIClient(options: OpenAIProviderOptions): Promise<LoadedClient> {
  const sdk = await import("openai");
  const longestMs = Math.max(options.timeoutS, options.flexTimeoutS) * 1000;
  const transport = options.fetch
    ? { fetch: options.fetch }
    : await undiciTransport(longestMs + SOCKET_SLACK_MS);
  const client = new sdk.OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? OPENAI_BASE_URL,
    maxRetries: 0,
    timeout: options.timeoutS * 1000,
    // The SDK's debug log would print request options; Leash keeps its own log.
    logLevel: "off",
    ...transport,
  });
  return { sdk, client };
}

/** The request's own timeout wins; otherwise flex gets its long one (flex calls are slow by design). */
export function timeoutFor(
  request: ProviderRequest,
  options: Pick<OpenAIProviderOptions, "timeoutS" | "flexTimeoutS">,
): number {
  if (request.timeoutMs > 0) return request.timeoutMs;
  return (request.serviceTier === "flex" ? options.flexTimeoutS : options.timeoutS) * 1000;
}

/** Node's built-in fetch gives up on headers after ~5 minutes whatever the SDK says; flex needs 15. */
async function undiciTransport(
  socketTimeoutMs: number,
): Promise<{ fetch: typeof fetch; fetchOptions: object }> {
  const undici = await import("undici");
  const dispatcher = new undici.Agent({ headersTimeout: socketTimeoutMs, bodyTimeout: socketTimeoutMs });
  return { fetch: undici.fetch as unknown as typeof fetch, fetchOptions: { dispatcher } };
}
