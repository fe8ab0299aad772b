import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actualCostUsd, projectCostUsd } from "../../../src/budget/pricing.js";
import {
  type AnthropicProviderOptions,
  createAnthropicProvider,
} from "../../../src/providers/anthropic/anthropic-provider.js";
import { thinkingBudget } from "../../../src/providers/anthropic/build-request.js";
import { ProviderError } from "../../../src/providers/contract.js";
import { cachingAnthropic } from "../helpers/anthropic-cache.js";
import { DIFF, providerRequest } from "../helpers/requests.js";
import { type ResponsesServer, startResponsesServer } from "../helpers/responses-server.js";
import { anthropicError, anthropicMessageBody } from "../helpers/wire-bodies.js";

const KEY = "sk-ant-test-ANTHROPICSECRET0123456789";
const wire = { kind: "unified_diff", unified_diff: DIFF, edits: null, diagnosis: null, classification: null };
/** claude-sonnet-4-5, USD per 1M tokens: input 3, cache write 3.75, cache read 0.30, output 15. */
const SONNET = { input: 3, cache_write_input: 3.75, cached_input: 0.3, output: 15 };
const FEEDBACK = "\n\n# Previous attempt 1\n## Why it was not applied\nthe hunk did not match";

let server: ResponsesServer;
beforeEach(async () => {
  server = await startResponsesServer();
});
afterEach(async () => {
  await server.close();
});

function provider(overrides: Partial<AnthropicProviderOptions> = {}) {
  return createAnthropicProvider({
    apiKey: KEY,
    baseURL: server.origin,
    timeoutS: 5,
    sendReasoning: false,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).message).not.toContain(KEY);
  return err as ProviderError;
}

describe("Anthropic Messages wire through the real @anthropic-ai/sdk", () => {
  it("forces the output tool, marks the stable prefix for caching, and parses a patch", async () => {
    server.reply({ status: 200, body: anthropicMessageBody({ toolInput: wire }) });
    const request = providerRequest({ model: "claude-sonnet-4-5", input: `# Goal\nfix it${FEEDBACK}` });
    const response = await provider().call(request);
    const sent = server.received[0];
    expect(sent?.url).toBe("/v1/messages");
    // This SDK (1.x) sends the key as a bearer token.
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.headers["anthropic-version"]).toBeDefined();
    expect(sent?.body).toMatchObject({
      model: "claude-sonnet-4-5",
      max_tokens: 3000,
      system: [{ type: "text", text: "Answer with the output contract." }],
      tool_choice: { type: "tool", name: "leash_output" },
      tools: [{ name: "leash_output", input_schema: { type: "object", additionalProperties: false } }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "# Goal\nfix it", cache_control: { type: "ephemeral" } },
            { type: "text", text: "# Previous attempt 1\n## Why it was not applied\nthe hunk did not match" },
          ],
        },
      ],
    });
    expect(sent?.body).not.toHaveProperty("thinking");
    expect(response.output).toEqual({ kind: "unified_diff", unifiedDiff: DIFF });
    expect(response.serviceTier).toBe("default");
  });

  it("cache reads and writes are kept apart and each priced at its own rate", async () => {
    server.reply({
      status: 200,
      body: anthropicMessageBody({
        toolInput: wire,
        usage: { input: 500, cacheWrite: 3000, cacheRead: 1200, output: 400, thinking: 150 },
      }),
    });
    const response = await provider().call(providerRequest({ model: "claude-sonnet-4-5" }));
    expect(response.usage).toEqual({
      input: 4700,
      cachedInput: 1200,
      cacheWrite: 3000,
      output: 400,
      reasoning: 150,
    });
    // 500·3 + 3000·3.75 + 1200·0.30 + 400·15 = 1500 + 11250 + 360 + 6000 = 19110 µ$
    expect(actualCostUsd(response.usage, SONNET)).toBe(0.01911);
    // The projection prices all input at the cache-write rate: never below what can be billed.
    expect(projectCostUsd({ inputTokens: 4700, maxOutputTokens: 400 }, SONNET)).toBeGreaterThanOrEqual(
      0.01911,
    );
  });

  it("the second attempt of a task reads the cache the first wrote, and costs less", async () => {
    server.reply(cachingAnthropic(() => wire));
    const files = `# Goal\nfix it\n\n# Editable files\n## src/x.ts\n${"  1| const filler = 1;\n".repeat(400)}`;
    const first = await provider().call(providerRequest({ model: "claude-sonnet-4-5", input: files }));
    const second = await provider().call(
      providerRequest({ model: "claude-sonnet-4-5", input: files + FEEDBACK, attempt: 2 }),
    );
    expect(first.usage.cacheWrite).toBeGreaterThan(0);
    expect(first.usage.cachedInput).toBe(0);
    expect(second.usage.cachedInput).toBe(first.usage.cacheWrite);
    expect(second.usage.cacheWrite).toBe(0);
    expect(actualCostUsd(second.usage, SONNET)).toBeLessThan(actualCostUsd(first.usage, SONNET));
  });

  it("with prompt caching off, nothing is marked", async () => {
    server.reply({ status: 200, body: anthropicMessageBody({ toolInput: wire }) });
    await provider({ promptCache: false }).call(providerRequest());
    expect(JSON.stringify(server.received[0]?.body)).not.toContain("cache_control");
  });

  it("extended thinking takes its budget from the effort and asks for JSON output instead of a forced tool", async () => {
    server.reply({
      status: 200,
      body: anthropicMessageBody({
        thinking: "let me see",
        text: JSON.stringify(wire),
        usage: { input: 10, output: 900, thinking: 700 },
      }),
    });
    const response = await provider({ sendReasoning: true }).call(
      providerRequest({ reasoningEffort: "medium", maxOutputTokens: 8000 }),
    );
    const body = server.received[0]?.body;
    expect(body?.thinking).toEqual({ type: "enabled", budget_tokens: 4096 });
    expect(body).not.toHaveProperty("tool_choice");
    expect(body?.output_config).toMatchObject({ format: { type: "json_schema" } });
    expect(response.output).toEqual({ kind: "unified_diff", unifiedDiff: DIFF });
    expect(response.usage.reasoning).toBe(700);
    expect(thinkingBudget("minimal", 8000)).toBeNull();
    expect(thinkingBudget("high", 2000)).toBeNull();
    expect(thinkingBudget("xhigh", 6000)).toBe(4976);
  });

  it("stop_reason max_tokens is a truncation; refusal is refused", async () => {
    server.reply({ status: 200, body: anthropicMessageBody({ text: '{"kind":', stopReason: "max_tokens" }) });
    expect(await failure(provider().call(providerRequest()))).toMatchObject({
      kind: "truncated",
      retryable: false,
    });
    server.reply({ status: 200, body: anthropicMessageBody({ text: "", stopReason: "refusal" }) });
    expect(await failure(provider().call(providerRequest()))).toMatchObject({
      kind: "refused",
      retryable: false,
    });
  });

  it("translates 529 overloaded, 429, 500, 401 and 404", async () => {
    const cases: [number, string, string, boolean][] = [
      [529, "overloaded_error", "overloaded", true],
      [429, "rate_limit_error", "rate_limited", true],
      [500, "api_error", "server_error", true],
      [401, "authentication_error", "auth", false],
      [404, "not_found_error", "not_found", false],
      [400, "invalid_request_error", "bad_request", false],
    ];
    for (const [status, type, kind, retryable] of cases) {
      server.reply({ status, body: anthropicError(type, `${type} ${KEY}`), headers: { "retry-after": "1" } });
      const err = await failure(provider().call(providerRequest()));
      expect(err, String(status)).toMatchObject({ kind, retryable, extra: { status } });
      // Retrying cannot fix these: the run stops at once (the fatal contract of contract.ts).
      expect(err.fatal, String(status)).toBe(!retryable);
      expect(err.message).toContain("[redacted]");
    }
  });
});
