import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../../src/providers/contract.js";
import {
  createOpenAIProvider,
  type OpenAIProviderOptions,
} from "../../../src/providers/openai/openai-provider.js";
import { DIFF, providerRequest } from "../helpers/requests.js";
import { type ResponsesServer, responseBody, startResponsesServer } from "../helpers/responses-server.js";

const KEY = "sk-test-LEASHSECRET0123456789abcdef";
const patchText = JSON.stringify({
  kind: "unified_diff",
  unified_diff: DIFF,
  edits: null,
  diagnosis: null,
  classification: null,
});

let server: ResponsesServer;
beforeEach(async () => {
  server = await startResponsesServer();
});
afterEach(async () => {
  await server.close();
});

function provider(overrides: Partial<OpenAIProviderOptions> = {}) {
  return createOpenAIProvider({
    apiKey: KEY,
    baseURL: server.baseURL,
    timeoutS: 5,
    flexTimeoutS: 10,
    sendServiceTier: true,
    sendReasoning: true,
    ...overrides,
  });
}

function sentBody(index = 0): Record<string, unknown> {
  const received = server.received[index];
  if (received === undefined) throw new Error(`the server received no request #${index}`);
  return received.body;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  const providerError = err as ProviderError;
  expect(JSON.stringify({ m: providerError.message, e: providerError.extra })).not.toContain(KEY);
  return providerError;
}

describe("OpenAI provider through the real SDK", () => {
  it("sends the Responses API body Leash promises and parses a patch", async () => {
    server.reply({ status: 200, body: responseBody({ text: patchText, serviceTier: "flex" }) });
    const response = await provider().call(
      providerRequest({ serviceTier: "flex", reasoningEffort: "low", maxOutputTokens: 2500 }),
    );

    const [sent] = server.received;
    expect(sent?.method).toBe("POST");
    expect(sent?.url).toBe("/v1/responses");
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toMatchObject({
      model: "gpt-5-mini",
      store: false,
      service_tier: "flex",
      reasoning: { effort: "low" },
      max_output_tokens: 2500,
      instructions: "Answer with the output contract.",
      text: { format: { type: "json_schema", name: "leash_output", strict: true } },
    });
    const schema = (sentBody().text as { format: { schema: { additionalProperties: boolean } } }).format
      .schema;
    expect(schema.additionalProperties).toBe(false);

    expect(response.output).toEqual({ kind: "unified_diff", unifiedDiff: DIFF });
    expect(response).toMatchObject({
      model: "gpt-5-mini-2025-08-07",
      serviceTier: "flex",
      finishReason: "stop",
      usageReported: true,
      requestId: "req_1",
    });
    expect(server.received).toHaveLength(1);
  });

  it("leaves service_tier and reasoning out when switched off", async () => {
    server.reply({ status: 200, body: responseBody({ text: patchText }) });
    await provider({ sendServiceTier: false, sendReasoning: false }).call(
      providerRequest({ serviceTier: "flex" }),
    );
    expect(server.received[0]?.body).not.toHaveProperty("service_tier");
    expect(server.received[0]?.body).not.toHaveProperty("reasoning");
  });

  it("maps usage with cached and reasoning tokens, and bills the tier the response names", async () => {
    server.reply({
      status: 200,
      body: responseBody({
        text: patchText,
        serviceTier: "default",
        usage: { input: 2048, cached: 1024, output: 700, reasoning: 512 },
      }),
    });
    const response = await provider().call(providerRequest({ serviceTier: "flex" }));
    expect(response.usage).toEqual({ input: 2048, cachedInput: 1024, output: 700, reasoning: 512 });
    expect(response.serviceTier).toBe("default");
  });

  it("reads a structured diagnosis", async () => {
    const diagnosis = { summary: "s", root_cause: "r", evidence: [], suggested_plan: ["p"], confidence: 0.4 };
    const text = JSON.stringify({
      kind: "diagnosis",
      unified_diff: null,
      edits: null,
      diagnosis,
      classification: null,
    });
    server.reply({ status: 200, body: responseBody({ text }) });
    const response = await provider().call(providerRequest({ wantedOutput: "diagnosis" }));
    expect(response.output).toEqual({ kind: "diagnosis", diagnosis });
    const sentSchema = (sentBody().text as { format: { schema: { properties: { kind: unknown } } } }).format
      .schema;
    expect(sentSchema.properties.kind).toEqual({ type: "string", enum: ["diagnosis"] });
  });

  it("returns unreadable output with a parse error instead of throwing", async () => {
    server.reply({ status: 200, body: responseBody({ text: `Here you go: ${DIFF}` }) });
    const response = await provider().call(providerRequest());
    expect(response.output).toBeNull();
    expect(response.parseError).toMatch(/not valid JSON/);
    expect(response.usage.input).toBe(100);
  });

  it("estimates usage with countTokens when a compatible server reports none", async () => {
    server.reply({ status: 200, body: responseBody({ text: patchText, usage: null, serviceTier: null }) });
    const response = await provider({ countTokens: (t) => t.length }).call(
      providerRequest({ serviceTier: "flex" }),
    );
    expect(response.usageReported).toBe(false);
    expect(response.usage.output).toBe(patchText.length);
    expect(response.serviceTier).toBe("flex");
  });

  it("honours base_url with any path prefix", async () => {
    server.reply({ status: 200, body: responseBody({ text: patchText }) });
    await provider({ baseURL: `${server.origin}/compat/openai/v1` }).call(providerRequest());
    expect(server.received[0]?.url).toBe("/compat/openai/v1/responses");
  });
});

describe("OpenAI provider: failures become ProviderErrors", () => {
  it("a truncated (incomplete) response still carries its usage and tier", async () => {
    server.reply({
      status: 200,
      body: responseBody({
        status: "incomplete",
        incompleteReason: "max_output_tokens",
        text: '{"kind":"unified_di',
        serviceTier: "flex",
        usage: { input: 900, output: 3000, reasoning: 2800 },
      }),
    });
    const err = await failure(provider().call(providerRequest({ serviceTier: "flex" })));
    expect(err.kind).toBe("truncated");
    expect(err.retryable).toBe(false);
    expect(err.extra).toMatchObject({
      usage: { input: 900, cachedInput: 0, output: 3000, reasoning: 2800 },
      serviceTier: "flex",
      requestId: "req_1",
    });
  });

  it("a refusal content part is 'refused'", async () => {
    server.reply({ status: 200, body: responseBody({ refusal: "I can't help with that." }) });
    const err = await failure(provider().call(providerRequest()));
    expect(err.kind).toBe("refused");
    expect(err.message).toContain("I can't help with that.");
    expect(err.extra.usage?.input).toBe(100);
  });

  const unavailable = [
    [
      "a code",
      { error: { message: "Flex is busy.", type: "invalid_request_error", code: "resource_unavailable" } },
    ],
    [
      "a message",
      { error: { message: "Resource Unavailable: try again later", type: "rate_limit_error", code: null } },
    ],
  ] as const;
  for (const [shape, body] of unavailable) {
    it(`429 resource unavailable named in ${shape} is tier_unavailable`, async () => {
      server.reply({ status: 429, body });
      const err = await failure(provider().call(providerRequest({ serviceTier: "flex" })));
      expect(err.kind).toBe("tier_unavailable");
      expect(err.retryable).toBe(true);
      expect(err.extra.status).toBe(429);
      expect(server.received).toHaveLength(1);
    });
  }

  it("a 400 naming service_tier is tier_unavailable", async () => {
    server.reply({
      status: 400,
      body: {
        error: {
          message: "flex is not supported for this model",
          param: "service_tier",
          code: null,
          type: "invalid_request_error",
        },
      },
    });
    expect((await failure(provider().call(providerRequest({ serviceTier: "flex" })))).kind).toBe(
      "tier_unavailable",
    );
  });

  it("another 429 is rate_limited with retry-after honoured, and the SDK does not retry", async () => {
    server.reply({
      status: 429,
      body: { error: { message: "Rate limit reached", code: "rate_limit_exceeded" } },
      headers: { "retry-after": "3" },
    });
    const err = await failure(provider().call(providerRequest()));
    expect(err).toMatchObject({ kind: "rate_limited", retryable: true });
    expect(err.extra.retryAfterMs).toBe(3000);
    expect(server.received).toHaveLength(1);
  });

  it("500 is a retryable server_error, tried once", async () => {
    server.reply({ status: 500, body: { error: { message: "boom" } } });
    const err = await failure(provider().call(providerRequest()));
    expect(err).toMatchObject({ kind: "server_error", retryable: true });
    expect(err.extra.status).toBe(500);
    expect(server.received).toHaveLength(1);
  });

  it("a slow server is a retryable timeout", async () => {
    server.reply({ status: 200, body: responseBody({ text: patchText }), delayMs: 3000 });
    const err = await failure(provider().call(providerRequest({ timeoutMs: 200 })));
    expect(err).toMatchObject({ kind: "timeout", retryable: true });
  });

  it("an abort signal is 'aborted'", async () => {
    server.reply({ status: 200, body: responseBody({ text: patchText }), delayMs: 3000 });
    const controller = new AbortController();
    const pending = provider().call(providerRequest({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    expect(await failure(pending)).toMatchObject({ kind: "aborted", retryable: false });
  });

  it("401 is auth, and the key the server echoes never reaches the message", async () => {
    server.reply({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}.`, code: "invalid_api_key" } },
    });
    const err = await failure(provider().call(providerRequest()));
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("[redacted]");
  });

  it("400 and 422 are bad_request, 404 not_found, 401/403 auth: none retryable, all fatal", async () => {
    const cases = [
      [400, "bad_request"],
      [422, "bad_request"],
      [404, "not_found"],
      [401, "auth"],
      [403, "auth"],
    ] as const;
    for (const [status, kind] of cases) {
      server.reply({ status, body: { error: { message: "bad" } } });
      const err = await failure(provider().call(providerRequest()));
      expect(err).toMatchObject({ kind, retryable: false, fatal: true });
      expect(err.extra.endpoint).toBe(`${server.baseURL}/responses`);
      expect(err.extra.hint).toMatch(/provider\.openai|LEASH|OPENAI|roles\./);
    }
  });

  it("429, 408, 409 and 5xx are retryable and not fatal", async () => {
    for (const status of [429, 408, 409, 500, 503]) {
      server.reply({ status, body: { error: { message: "later" } } });
      const err = await failure(provider().call(providerRequest()));
      expect(err).toMatchObject({ retryable: true, fatal: false });
    }
  });

  it("an unreachable server is retryable and fatal once the retries are used up", async () => {
    const origin = server.origin;
    await server.close();
    const err = await failure(provider({ baseURL: `${origin}/v1` }).call(providerRequest()));
    expect(err).toMatchObject({ kind: "unreachable", retryable: true, fatal: true });
    expect(err.extra.endpoint).toBe(`${origin}/v1/responses`);
    server = await startResponsesServer();
  });
});

describe("OpenAI provider: the run's abort signal", () => {
  it("keeps no abort listener after a call, so a run of many calls never warns MaxListenersExceeded", async () => {
    const controller = new AbortController();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    server.reply({ status: 200, body: responseBody({ text: "not json" }) });
    const p = provider();
    for (let i = 0; i < 12; i++) await p.call(providerRequest({ signal: controller.signal }));
    server.reply({ status: 500, body: { error: { message: "boom" } } });
    await p.call(providerRequest({ signal: controller.signal })).catch(() => undefined);
    process.off("warning", onWarning);
    expect(EventEmitter.getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });
});
