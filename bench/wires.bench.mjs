// Per wire: the time to build a request body and to map a response back into the contract, the
// pure parts Leash adds to every call (no network), plus the price catalog's load time, which a
// run pays once when `pricing.catalog` prices a model.
import { performance } from "node:perf_hooks";
import { buildMessagesBody } from "../dist/providers/anthropic/build-request.js";
import { mapMessage } from "../dist/providers/anthropic/map-response.js";
import { buildResponsesBody } from "../dist/providers/openai/build-request.js";
import { mapResponse } from "../dist/providers/openai/map-response.js";
import { buildChatBody } from "../dist/providers/openai-chat/build-chat-request.js";
import { mapChatResponse } from "../dist/providers/openai-chat/map-chat-response.js";

const diff =
  `--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1,1 +1,1 @@\n-${"a".repeat(60)}\n+${"b".repeat(60)}\n`.repeat(200);
const answer = {
  kind: "unified_diff",
  unified_diff: diff,
  edits: null,
  diagnosis: null,
  classification: null,
};
const text = JSON.stringify(answer);
const request = {
  role: "simple_builder",
  model: "gpt-5-mini",
  instructions: "rules ".repeat(500),
  input: `# Goal\nfix\n\n${"   1| context line\n".repeat(8000)}\n\n# Previous attempt 1\nit failed`,
  wantedOutput: "patch",
  maxOutputTokens: 4000,
  reasoningEffort: "medium",
  serviceTier: "default",
  timeoutMs: 5000,
  taskId: "bench",
  attempt: 2,
};
const facts = { requestId: "req_1", latencyMs: 1 };
const responses = {
  object: "response",
  status: "completed",
  model: "gpt-5-mini",
  service_tier: "default",
  output_text: text,
  output: [{ type: "message", content: [{ type: "output_text", text }] }],
  usage: {
    input_tokens: 9000,
    input_tokens_details: { cached_tokens: 8000 },
    output_tokens: 900,
    output_tokens_details: { reasoning_tokens: 0 },
  },
};
const chat = {
  model: "qwen",
  choices: [
    { index: 0, message: { role: "assistant", content: text, refusal: null }, finish_reason: "stop" },
  ],
  usage: { prompt_tokens: 9000, completion_tokens: 900, prompt_tokens_details: { cached_tokens: 0 } },
};
const message = {
  model: "claude-sonnet-4-5",
  stop_reason: "tool_use",
  content: [{ type: "tool_use", id: "t", name: "leash_output", input: answer }],
  usage: {
    input_tokens: 100,
    cache_read_input_tokens: 8900,
    cache_creation_input_tokens: 0,
    output_tokens: 900,
  },
};

function time(label, n, fn) {
  for (let i = 0; i < 20; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const per = (performance.now() - t0) / n;
  console.log(
    `${label}: ${per < 1 ? `${(per * 1000).toFixed(1)} µs` : `${per.toFixed(2)} ms`} per op (n=${n})`,
  );
}

const kib = Math.round(request.input.length / 1024);
const switches = { sendServiceTier: true, sendReasoning: true, promptCache: true };
time(`responses: build body (${kib} KiB input)`, 500, () => buildResponsesBody(request, switches));
time("responses: map response (24 KiB diff)", 500, () => mapResponse(responses, request, facts));
time(`chat_completions: build body, json_schema (${kib} KiB input)`, 500, () =>
  buildChatBody(request, { ...switches, structuredOutput: "json_schema", maxTokensField: "max_tokens" }),
);
time(`chat_completions: build body, json_object (${kib} KiB input)`, 500, () =>
  buildChatBody(request, { ...switches, structuredOutput: "json_object", maxTokensField: "max_tokens" }),
);
time("chat_completions: map response (24 KiB diff)", 500, () => mapChatResponse(chat, request, facts));
time(`anthropic_messages: build body with cache_control (${kib} KiB input)`, 500, () =>
  buildMessagesBody(request, { sendReasoning: false, promptCache: true, structuredOutput: true }),
);
time("anthropic_messages: map response (24 KiB diff)", 500, () => mapMessage(message, request, facts));

const t0 = performance.now();
const { catalogPrice } = await import("../dist/budget/price-catalog.js");
catalogPrice("claude-sonnet-4-5", { providerId: "anthropic" }, 32000);
console.log(
  `catalog load + first lookup (@pydantic/genai-prices): ${(performance.now() - t0).toFixed(1)} ms`,
);
time("catalog lookup after load", 200, () => catalogPrice("gpt-5-mini", { providerId: "openai" }, 32000));
