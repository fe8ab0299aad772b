import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  addReturning,
  diffFor,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runLeashAsync } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";
import { cachingAnthropic } from "../providers/helpers/anthropic-cache.js";
import { type ResponsesServer, startResponsesServer } from "../providers/helpers/responses-server.js";
import { anthropicError, chatCompletionBody } from "../providers/helpers/wire-bodies.js";

/**
 * Named providers per role, end to end: the real CLI and both real SDKs against local servers
 * that speak Chat Completions and Anthropic Messages, and the real ledger.
 */

const ANTHROPIC_KEY = "sk-ant-test-RUNSECRET0123456789abcdef";
const ENV = { LEASH_TEST_ANTHROPIC_KEY: ANTHROPIC_KEY };
/** claude-sonnet-4-5, USD per 1M tokens. */
const SONNET = { input: 3, cached_input: 0.3, cache_write_input: 3.75, output: 15, tiers: ["default"] };

let repo: TempRepo;
let local: ResponsesServer;
let anthropic: ResponsesServer;
beforeEach(async () => {
  local = await startResponsesServer();
  anthropic = await startResponsesServer();
});
afterEach(async () => {
  repo?.cleanup();
  await local.close();
  await anthropic.close();
});

const wire = (kind: "unified_diff" | "classification", value: unknown) => ({
  kind,
  unified_diff: kind === "unified_diff" ? value : null,
  edits: null,
  diagnosis: null,
  classification: kind === "classification" ? value : null,
});

function twoProviderProject(): TempRepo {
  return makeJsProject({
    providers: {
      local: { wire: "chat_completions", enabled: true, base_url: local.baseURL, api_key_env: null },
      claude: {
        wire: "anthropic_messages",
        enabled: true,
        base_url: anthropic.origin,
        api_key_env: "LEASH_TEST_ANTHROPIC_KEY",
      },
    },
    provider: { default: "fake" },
    roles: {
      classification_worker: { provider: "local", model: "qwen2.5-coder:7b", output: "classification" },
      general_builder: { provider: "claude", model: "claude-sonnet-4-5", output: "patch" },
    },
    routing: { use_classifier: true, intents: { feature: "general_builder", bugfix: "general_builder" } },
    pricing: { models: { "qwen2.5-coder:7b": { input: 0, output: 0 }, "claude-sonnet-4-5": SONNET } },
  });
}

describe("one run, two providers", () => {
  it("classifies on a local chat model, builds on Anthropic, and the cache makes attempt 2 cheaper", async () => {
    repo = twoProviderProject();
    const task = writeTask(repo, "fix", { intent: undefined, budget: { max_attempts: 2 } });
    local.reply({
      status: 200,
      body: chatCompletionBody({
        content: JSON.stringify(
          wire("classification", { intent: "bugfix", confidence: 0.9, rationale: "a bug" }),
        ),
        usage: null,
      }),
    });
    let attempt = 0;
    anthropic.reply(
      cachingAnthropic(() => {
        attempt += 1;
        const to = attempt === 1 ? addReturning("a * b") : ADD_FIXED;
        return wire("unified_diff", diffFor(ADD_BUGGY, to));
      }),
    );
    const r = await runLeashAsync(repo.root, ["run", "--json", task], ENV);
    expect(r.stderr).not.toContain(ANTHROPIC_KEY);
    expect(r.status, r.stdout.slice(0, 3000) + r.stderr).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);
    expect(local.received[0]?.url).toBe("/v1/chat/completions");
    expect(anthropic.received.map((q) => q.url)).toEqual(["/v1/messages", "/v1/messages"]);

    const rows = await ledgerRows(repo.root);
    expect(rows.map((row) => [row.role, row.provider, row.model, row.requestedTier, row.status])).toEqual([
      ["classification_worker", "local", "qwen2.5-coder:7b", "default", "settled"],
      ["general_builder", "claude", "claude-sonnet-4-5", "default", "settled"],
      ["general_builder", "claude", "claude-sonnet-4-5", "default", "settled"],
    ]);
    const [, first, second] = rows;
    // The local model is priced at an explicit 0, usage or not.
    expect(rows[0]?.actualUsd).toBe(0);
    expect(first?.actualCachedTokens).toBe(0);
    expect(second?.actualCachedTokens).toBeGreaterThan(0);
    expect(second?.actualUsd ?? 1).toBeLessThan(first?.actualUsd ?? 0);
    // Never reserved below what was billed.
    for (const row of rows) expect(row.projectedUsd).toBeGreaterThanOrEqual(row.actualUsd ?? 0);
  });

  it("a run over both wires records to one cassette and replays offline to the same ledger money", async () => {
    repo = twoProviderProject();
    const task = writeTask(repo, "fix", { intent: undefined, budget: { max_attempts: 1 } });
    local.reply({
      status: 200,
      body: chatCompletionBody({
        content: JSON.stringify(
          wire("classification", { intent: "bugfix", confidence: 0.9, rationale: "a bug" }),
        ),
        usage: { prompt: 300, completion: 20 },
      }),
    });
    anthropic.reply(cachingAnthropic(() => wire("unified_diff", diffFor(ADD_BUGGY, ADD_FIXED))));
    const cassette = join(repo.root, "..", `${repo.root.split("/").pop()}.cassette.jsonl`);
    const recorded = await runLeashAsync(repo.root, ["run", "--record", cassette, "--json", task], ENV);
    expect(recorded.status).toBe(0);
    const lines = readFileSync(cassette, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.provider)).toEqual(["local", "claude"]);
    expect(readFileSync(cassette, "utf8")).not.toContain(ANTHROPIC_KEY);
    repo.git("checkout", "--", "src/add.js");
    const calls = local.received.length + anthropic.received.length;

    const replayed = await runLeashAsync(repo.root, ["run", "--replay", cassette, "--json", task], {});
    expect(replayed.status).toBe(0);
    expect(local.received.length + anthropic.received.length).toBe(calls);
    const a = JSON.parse(recorded.stdout);
    const b = JSON.parse(replayed.stdout);
    expect(b.totals).toEqual(a.totals);
    const rows = await ledgerRows(repo.root);
    const money = (runId: string) =>
      rows.filter((row) => row.runId === runId).map((row) => [row.role, row.actualUsd]);
    expect(money(b.runId)).toEqual(money(a.runId));
  });

  it("529 overloaded is retried within max_retries, each retry passing the guard", async () => {
    repo = twoProviderProject();
    const task = writeTask(repo, "fix", { budget: { max_attempts: 1 } });
    anthropic.reply({ status: 529, body: anthropicError("overloaded_error", "Overloaded") });
    const before = repo.snapshot();
    const r = await runLeashAsync(repo.root, ["run", "--json", task], ENV);
    expect(r.status).not.toBe(0);
    expect(anthropic.received).toHaveLength(3);
    const rows = await ledgerRows(repo.root);
    expect(rows.map((row) => [row.provider, row.status])).toEqual([
      ["claude", "released"],
      ["claude", "released"],
      ["claude", "released"],
    ]);
    expect(repo.snapshot()).toEqual(before);
  });

  it("401 and 404 from Anthropic stop the run at once (exit 2), with no retry and no escalation", async () => {
    for (const [status, type] of [
      [401, "authentication_error"],
      [404, "not_found_error"],
    ] as const) {
      repo?.cleanup();
      repo = twoProviderProject();
      const task = writeTask(repo, "fix", {});
      anthropic.received.length = 0;
      anthropic.reply({ status, body: anthropicError(type, `refused ${ANTHROPIC_KEY}`) });
      const before = repo.snapshot();
      const r = await runLeashAsync(repo.root, ["run", "--json", task], ENV);
      expect(r.status, String(status)).toBe(2);
      expect(anthropic.received).toHaveLength(1);
      expect(`${r.stdout}${r.stderr}`).not.toContain(ANTHROPIC_KEY);
      expect(repo.snapshot()).toEqual(before);
    }
  });

  it("a provider a role names but the config leaves disabled stops the run when that role is called", async () => {
    repo = makeJsProject({
      providers: {
        claude: { wire: "anthropic_messages", enabled: false, api_key_env: "LEASH_TEST_ANTHROPIC_KEY" },
      },
      roles: { general_builder: { provider: "claude", model: "claude-sonnet-4-5", output: "patch" } },
      pricing: { models: { "claude-sonnet-4-5": SONNET } },
    });
    const task = writeTask(repo, "fix", {});
    const before = repo.snapshot();
    const r = await runLeashAsync(repo.root, ["run", "--json", task], ENV);
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain("providers.claude.enabled");
    expect(repo.snapshot()).toEqual(before);
  });

  it("leash check names an unknown provider with a did-you-mean", async () => {
    repo = makeJsProject({
      providers: {
        local: { wire: "chat_completions", base_url: "http://127.0.0.1:9/v1", api_key_env: null },
      },
      roles: { mechanical_worker: { provider: "lcoal", model: "gpt-5-nano", output: "patch" } },
    });
    const r = await runLeashAsync(repo.root, ["check"], {});
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("config.unknown_provider");
    expect(r.stderr).toContain("did you mean `local`?");
  });
});
