import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actualCostUsd } from "../../../src/budget/pricing.js";
import { ProviderError } from "../../../src/providers/contract.js";
import {
  type ChatProviderOptions,
  createChatProvider,
} from "../../../src/providers/openai-chat/chat-provider.js";
import { countWords, DIFF, providerRequest } from "../helpers/requests.js";
import { type ResponsesServer, startResponsesServer } from "../helpers/responses-server.js";
import { chatCompletionBody } from "../helpers/wire-bodies.js";

const KEY = "sk-test-CHATSECRET0123456789abcdef";
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

function provider(overrides: Partial<ChatProviderOptions> = {}) {
  return createChatProvider({
    name: "local",
    apiKey: KEY,
    baseURL: server.baseURL,
    timeoutS: 5,
    flexTimeoutS: 10,
    sendServiceTier: false,
    sendReasoning: false,
    promptCache: false,
    structuredOutput: "json_schema",
    maxTokensField: "max_tokens",
    countTokens: countWords,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  expect(JSON.stringify({ m: (err as ProviderError).message })).not.toContain(KEY);
  return err as ProviderError;
}

/** Like a server whose response_format accepts only json_object (older vLLM, some proxies). */
function noJsonSchema(request: { body: Record<string, unknown> }) {
  const format = request.body.response_format as { type?: string } | undefined;
  if (format?.type === "json_schema") {
    return {
      status: 400,
      body: {
        error: {
          message: "response_format.type json_schema is not supported",
          type: "invalid_request_error",
        },
      },
    };
  }
  return { status: 200, body: chatCompletionBody({ content: `\`\`\`json\n${patchText}\n\`\`\`` }) };
}

describe("Chat Completions wire through the real openai SDK", () => {
  it("sends system then user, a strict schema and max_tokens, and parses a patch", async () => {
    server.reply({ status: 200, body: chatCompletionBody({ content: patchText }) });
    const response = await provider().call(providerRequest({ maxOutputTokens: 1500 }));
    const sent = server.received[0];
    expect(sent?.url).toBe("/v1/chat/completions");
    expect(sent?.body).toMatchObject({
      model: "gpt-5-mini",
      max_tokens: 1500,
      messages: [
        { role: "system", content: "Answer with the output contract." },
        { role: "user", content: providerRequest().input },
      ],
      response_format: { type: "json_schema", json_schema: { name: "leash_output", strict: true } },
    });
    for (const field of ["max_completion_tokens", "reasoning_effort", "service_tier", "prompt_cache_key"])
      expect(sent?.body).not.toHaveProperty(field);
    expect(response.output).toEqual({ kind: "unified_diff", unifiedDiff: DIFF });
    expect(response.usageReported).toBe(true);
  });

  it("OpenAI's own endpoint gets max_completion_tokens, reasoning_effort, service_tier and a prompt_cache_key", async () => {
    server.reply({ status: 200, body: chatCompletionBody({ content: patchText, serviceTier: "flex" }) });
    const response = await provider({
      maxTokensField: "max_completion_tokens",
      sendReasoning: true,
      sendServiceTier: true,
      promptCache: true,
    }).call(providerRequest({ serviceTier: "flex", reasoningEffort: "low" }));
    expect(server.received[0]?.body).toMatchObject({
      max_completion_tokens: 3000,
      reasoning_effort: "low",
      service_tier: "flex",
      prompt_cache_key: "leash-task-fix-duration",
    });
    expect(server.received[0]?.body).not.toHaveProperty("max_tokens");
    expect(response.serviceTier).toBe("flex");
  });

  it("maps prompt, cached, completion and reasoning tokens, priced at the cached rate", async () => {
    server.reply({
      status: 200,
      body: chatCompletionBody({
        content: patchText,
        usage: { prompt: 2048, cached: 1024, completion: 300, reasoning: 120 },
      }),
    });
    const response = await provider().call(providerRequest());
    expect(response.usage).toEqual({ input: 2048, cachedInput: 1024, output: 300, reasoning: 120 });
    // gpt-5-mini: (2048-1024)·0.25 + 1024·0.025 + 300·2.00 per 1M = 256 + 25.6 + 600 → 881.6 µ$, rounded up
    const usd = actualCostUsd(response.usage, { input: 0.25, cached_input: 0.025, output: 2 });
    expect(usd).toBe(Math.ceil(1024 * 0.25 + 1024 * 0.025 + 300 * 2) / 1e6);
  });

  it("a server with no usage gets the tokenizer's count, marked as estimated", async () => {
    server.reply({ status: 200, body: chatCompletionBody({ content: patchText, usage: null }) });
    const request = providerRequest();
    const response = await provider().call(request);
    expect(response.usageReported).toBe(false);
    expect(response.usage.input).toBe(countWords(request.instructions) + countWords(request.input));
    expect(response.usage.output).toBe(countWords(patchText));
  });

  it("a server without JSON-schema support: a clear bad_request, then JSON mode works", async () => {
    server.reply(noJsonSchema);
    const err = await failure(provider().call(providerRequest()));
    expect(err).toMatchObject({ kind: "bad_request", retryable: false });
    expect(err.extra.fatal).toBe(true);
    expect(err.extra.hint).toMatch(/structured_output: json_object/);

    const response = await provider({ structuredOutput: "json_object" }).call(providerRequest());
    const sent = server.received[1]?.body as { response_format: unknown; messages: { content: string }[] };
    expect(sent.response_format).toEqual({ type: "json_object" });
    // The shape is spelled out in the system message, since nothing enforces it.
    expect(sent.messages[0]?.content).toContain('"unified_diff"');
    expect(sent.messages[0]?.content).toContain("JSON Schema");
    expect(response.output).toEqual({ kind: "unified_diff", unifiedDiff: DIFF });
  });

  it("plain text mode sends no response_format; the same zod schema checks the answer", async () => {
    server.reply({ status: 200, body: chatCompletionBody({ content: '{"unified_diff": "x"}' }) });
    const response = await provider({ structuredOutput: "none" }).call(providerRequest());
    expect(server.received[0]?.body).not.toHaveProperty("response_format");
    expect(response.output).toBeNull();
    expect(response.parseError).toContain("does not match the output schema");
  });

  it("finish_reason length is a truncation that keeps the billed usage", async () => {
    server.reply({
      status: 200,
      body: chatCompletionBody({
        content: '{"kind": "unif',
        finishReason: "length",
        usage: { prompt: 90, completion: 3000 },
      }),
    });
    const err = await failure(provider().call(providerRequest()));
    expect(err).toMatchObject({ kind: "truncated", retryable: false });
    expect(err.extra.usage).toMatchObject({ input: 90, output: 3000 });
  });

  it("a refusal is refused, not retried", async () => {
    server.reply({ status: 200, body: chatCompletionBody({ refusal: "I can't help with that." }) });
    const err = await failure(provider().call(providerRequest()));
    expect(err).toMatchObject({ kind: "refused", retryable: false });
    expect(err.message).toContain("I can't help with that.");
  });

  it("translates 429, 500, 401 and 404 into Leash's kinds", async () => {
    const cases: [number, string, boolean][] = [
      [429, "rate_limited", true],
      [500, "server_error", true],
      [503, "server_error", true],
      [401, "auth", false],
      [404, "not_found", false],
    ];
    for (const [status, kind, retryable] of cases) {
      server.reply({
        status,
        body: { error: { message: `status ${status}` } },
        headers: { "retry-after": "2" },
      });
      const err = await failure(provider().call(providerRequest()));
      expect(err, String(status)).toMatchObject({ kind, retryable });
      if (status === 429) expect(err.extra.retryAfterMs).toBe(2000);
    }
  });
});
