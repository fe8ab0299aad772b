import { describe, expect, it } from "vitest";
import { ProviderError, type ProviderRequest } from "../../../src/providers/contract.js";
import { createFakeProvider } from "../../../src/providers/fake/fake-provider.js";
import type { FakeResponse } from "../../../src/task/schema.js";
import { countWords, DIFF, providerRequest } from "../helpers/requests.js";

const fake = (responses: FakeResponse[]) => createFakeProvider({ responses, countTokens: countWords });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe("fake provider: every form of SPEC §4", () => {
  it("serves a unified diff as the wire JSON a model would send", async () => {
    const response = await fake([{ unified_diff: DIFF }]).call(providerRequest());
    expect(response.output).toEqual({ kind: "unified_diff", unifiedDiff: DIFF });
    expect(JSON.parse(response.rawText)).toMatchObject({
      kind: "unified_diff",
      unified_diff: DIFF,
      edits: null,
    });
    expect(response.parseError).toBeUndefined();
    expect(response.finishReason).toBe("stop");
  });

  it("serves edits", async () => {
    const edits = [{ path: "src/x.ts", op: "create" as const, content: "x\n" }];
    expect((await fake([{ edits }]).call(providerRequest())).output).toEqual({ kind: "edits", edits });
  });

  it("wraps a diagnosis string into a Diagnosis whose summary is the text", async () => {
    const response = await fake([{ diagnosis: "the loop is off by one" }]).call(
      providerRequest({ wantedOutput: "diagnosis" }),
    );
    expect(response.output).toEqual({
      kind: "diagnosis",
      diagnosis: {
        summary: "the loop is off by one",
        root_cause: "",
        evidence: [],
        suggested_plan: [],
        confidence: 0.5,
      },
    });
  });

  it("keeps a diagnosis object's fields", async () => {
    const response = await fake([{ diagnosis: { summary: "s", root_cause: "r", confidence: 0.9 } }]).call(
      providerRequest({ wantedOutput: "diagnosis" }),
    );
    expect(response.output).toMatchObject({
      diagnosis: { summary: "s", root_cause: "r", confidence: 0.9, evidence: [] },
    });
  });

  it("serves a classification, rationale defaulting to empty", async () => {
    const response = await fake([{ classification: { intent: "docs", confidence: 0.8 } }]).call(
      providerRequest({ wantedOutput: "classification" }),
    );
    expect(response.output).toEqual({
      kind: "classification",
      classification: { intent: "docs", confidence: 0.8, rationale: "" },
    });
  });

  it("passes raw text through the parser, which usually refuses it", async () => {
    const response = await fake([{ raw: `Sure! Here's the diff:\n${DIFF}` }]).call(providerRequest());
    expect(response.output).toBeNull();
    expect(response.rawText).toBe(`Sure! Here's the diff:\n${DIFF}`);
    expect(response.parseError).toMatch(/not valid JSON/);
  });

  it("refuses a scripted answer of the wrong kind, as it would a model's", async () => {
    const response = await fake([{ diagnosis: "no patch" }]).call(providerRequest({ wantedOutput: "patch" }));
    expect(response.output).toBeNull();
    expect(response.parseError).toMatch(/is a diagnosis, but a unified_diff or edits was asked for/);
  });

  const errors: [FakeResponse & { error: string }, string, boolean][] = [
    [{ error: "rate_limit" }, "rate_limited", true],
    [{ error: "timeout" }, "timeout", true],
    [{ error: "server_error" }, "server_error", true],
    [{ error: "flex_unavailable" }, "tier_unavailable", true],
    [{ error: "truncated" }, "truncated", false],
  ];
  for (const [scripted, kind, retryable] of errors) {
    it(`injects ${scripted.error} as a ${kind} ProviderError`, async () => {
      const err = await failure(fake([scripted]).call(providerRequest({ serviceTier: "flex" })));
      expect(err.kind).toBe(kind);
      expect(err.retryable).toBe(retryable);
      expect(err.extra.serviceTier).toBe(kind === "tier_unavailable" ? undefined : "flex");
    });
  }

  it("bills a truncated answer: the input counted and the whole output cap", async () => {
    const request = providerRequest({ maxOutputTokens: 123 });
    const err = await failure(fake([{ error: "truncated" }]).call(request));
    expect(err.extra.usage).toEqual({
      input: countWords(request.instructions) + countWords(request.input),
      cachedInput: 0,
      output: 123,
      reasoning: 0,
    });
    const overridden = await failure(
      fake([{ error: "truncated", usage: { output_tokens: 7 } }]).call(request),
    );
    expect(overridden.extra.usage?.output).toBe(7);
  });
});

describe("fake provider: usage, order, determinism", () => {
  it("counts usage with the given tokenizer: instructions + input in, the response text out", async () => {
    const request = providerRequest();
    const response = await fake([{ unified_diff: DIFF }]).call(request);
    expect(response.usage).toEqual({
      input: countWords(request.instructions) + countWords(request.input),
      cachedInput: 0,
      output: countWords(response.rawText),
      reasoning: 0,
    });
    expect(response.usageReported).toBe(true);
  });

  it("takes a usage override field by field", async () => {
    const response = await fake([
      { unified_diff: DIFF, usage: { input_tokens: 1000, cached_input_tokens: 600, reasoning_tokens: 40 } },
    ]).call(providerRequest());
    expect(response.usage).toMatchObject({ input: 1000, cachedInput: 600, reasoning: 40 });
    expect(response.usage.output).toBe(countWords(response.rawText));
  });

  it("serves responses in order, then a diagnosis saying the script ran out", async () => {
    const provider = fake([{ error: "rate_limit" }, { unified_diff: DIFF }]);
    await failure(provider.call(providerRequest()));
    expect((await provider.call(providerRequest({ attempt: 2 }))).output?.kind).toBe("unified_diff");
    const out = await provider.call(providerRequest({ attempt: 3 }));
    expect(out.output?.kind).toBe("diagnosis");
    expect(out.rawText).toContain(
      "script ran out: call 3 asked for an answer but only 2 response(s) were scripted",
    );
  });

  it("reports the requested model and tier and a zero latency", async () => {
    const response = await fake([{ unified_diff: DIFF }]).call(
      providerRequest({ model: "gpt-5.1", serviceTier: "flex" }),
    );
    expect(response).toMatchObject({
      model: "gpt-5.1",
      serviceTier: "flex",
      latencyMs: 0,
      requestId: "fake-fix-duration-1-1",
    });
  });

  it("gives byte-identical outputs for the same script and requests", async () => {
    const script: FakeResponse[] = [
      { raw: "nope" },
      { error: "truncated" },
      { edits: [{ path: "a.ts", op: "replace", find: "1", replace: "2" }] },
      { diagnosis: "d" },
    ];
    const run = async (): Promise<string> => {
      const provider = fake(script);
      const results: unknown[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const request: ProviderRequest = providerRequest({ attempt });
        results.push(
          await provider
            .call(request)
            .catch((e: ProviderError) => ({ kind: e.kind, message: e.message, extra: e.extra })),
        );
      }
      return JSON.stringify(results);
    };
    expect(await run()).toBe(await run());
  });
});
