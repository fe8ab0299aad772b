import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { createRecordingProvider } from "../../../src/providers/cassette/recording-provider.js";
import { createReplayProvider } from "../../../src/providers/cassette/replay-provider.js";
import { requestDigest } from "../../../src/providers/cassette/request-digest.js";
import { ProviderError, type ProviderRequest, type RoleProvider } from "../../../src/providers/contract.js";
import { createFakeProvider } from "../../../src/providers/fake/fake-provider.js";
import { createOpenAIProvider } from "../../../src/providers/openai/openai-provider.js";
import { countWords, DIFF, providerRequest } from "../helpers/requests.js";
import { responseBody, startResponsesServer } from "../helpers/responses-server.js";

const KEY = "sk-proj-CASSETTESECRET9876543210";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "leash-cassette-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Calls in order, keeping answers and errors alike, so two runs can be compared whole. */
async function run(provider: RoleProvider, requests: ProviderRequest[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const request of requests) {
    out.push(
      await provider.call(request).catch((e: unknown) => {
        if (e instanceof ProviderError)
          return { error: e.kind, message: e.message, retryable: e.retryable, extra: e.extra };
        throw e;
      }),
    );
  }
  return out;
}

describe("requestDigest", () => {
  it("keys on what was asked, not on timeouts, signals or attempt", () => {
    const base = providerRequest();
    expect(requestDigest(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestDigest({ ...base, timeoutMs: 1, signal: new AbortController().signal, attempt: 9 })).toBe(
      requestDigest(base),
    );
    for (const change of [
      { model: "gpt-5.1" },
      { input: "other" },
      { serviceTier: "flex" as const },
      { wantedOutput: "diagnosis" as const },
    ]) {
      expect(requestDigest({ ...base, ...change })).not.toBe(requestDigest(base));
    }
  });
});

describe("record and replay", () => {
  it("replays a recorded OpenAI run offline to the same answers, and the key is not in the cassette", async () => {
    const server = await startResponsesServer();
    const file = join(dir, "calls", "run.jsonl");
    try {
      const text = JSON.stringify({
        kind: "unified_diff",
        unified_diff: DIFF,
        edits: null,
        diagnosis: null,
        classification: null,
      });
      server.reply(
        { status: 429, body: { error: { message: `Resource unavailable for ${KEY}`, code: null } } },
        {
          status: 200,
          body: responseBody({ text, usage: { input: 300, cached: 128, output: 90, reasoning: 40 } }),
        },
      );
      const live = createOpenAIProvider({
        apiKey: KEY,
        baseURL: server.baseURL,
        timeoutS: 5,
        flexTimeoutS: 5,
        sendServiceTier: true,
        sendReasoning: true,
      });
      const requests = [
        providerRequest({ serviceTier: "flex" }),
        providerRequest({ serviceTier: "default", attempt: 1 }),
      ];
      const recorded = await run(createRecordingProvider(live, file, { secrets: [KEY] }), requests);
      await server.close();

      const cassette = readFileSync(file, "utf8");
      expect(cassette).not.toContain(KEY);
      expect(cassette.trim().split("\n")).toHaveLength(2);

      const replayed = await run(createReplayProvider(file), requests);
      expect(JSON.stringify(replayed)).toBe(JSON.stringify(recorded));
      expect(recorded[0]).toMatchObject({ error: "tier_unavailable" });
    } finally {
      await server.close().catch(() => undefined);
    }
  });

  it("serves the same digest twice in recorded order", async () => {
    const file = join(dir, "fake.jsonl");
    const fake = createFakeProvider({
      responses: [{ raw: "first" }, { unified_diff: DIFF }],
      countTokens: countWords,
    });
    const requests = [providerRequest({ attempt: 1 }), providerRequest({ attempt: 2 })];
    expect(requestDigest(requests[0] as ProviderRequest)).toBe(requestDigest(requests[1] as ProviderRequest));
    const recorded = await run(createRecordingProvider(fake, file), requests);
    expect(await run(createReplayProvider(file), requests)).toEqual(recorded);
  });

  it("fails a miss with replay.miss naming the digest, task and attempt", async () => {
    const file = join(dir, "one.jsonl");
    const fake = createFakeProvider({ responses: [{ unified_diff: DIFF }], countTokens: countWords });
    await run(createRecordingProvider(fake, file), [providerRequest()]);
    const replay = createReplayProvider(file);
    await replay.call(providerRequest());

    const changed = providerRequest({ input: "a different context", attempt: 2 });
    const err = await replay.call(changed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code: "replay.miss", exitCode: 2 });
    expect((err as InputError).message).toContain(requestDigest(changed));
    expect((err as InputError).message).toContain("task fix-duration attempt 2");

    const again = await replay.call(providerRequest()).catch((e: unknown) => e);
    expect((again as InputError).message).toContain("already served");
  });

  it("refuses a missing or corrupt cassette with its location", () => {
    expect(() => createReplayProvider(join(dir, "absent.jsonl"))).toThrow(
      expect.objectContaining({ code: "replay.unreadable" }),
    );
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, "\nnot json\n");
    expect(() => createReplayProvider(bad)).toThrow(
      expect.objectContaining({ code: "replay.bad_line", location: { file: bad, line: 2 } }),
    );
  });
});
