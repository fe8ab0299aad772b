// Provider-side costs Leash adds per call: parsing an answer, building the strict schema,
// digesting a request, a fake call, and one OpenAI call through the SDK to a local server.
import { createServer } from "node:http";
import { requestDigest } from "../dist/providers/cassette/request-digest.js";
import { createFakeProvider } from "../dist/providers/fake/fake-provider.js";
import { createOpenAIProvider } from "../dist/providers/openai/openai-provider.js";
import { outputJsonSchema } from "../dist/providers/output-json-schema.js";
import { parseModelOutput } from "../dist/providers/parse-model-output.js";

const diff =
  `--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1,1 +1,1 @@\n-${"a".repeat(60)}\n+${"b".repeat(60)}\n`.repeat(200);
const text = JSON.stringify({
  kind: "unified_diff",
  unified_diff: diff,
  edits: null,
  diagnosis: null,
  classification: null,
});
const request = {
  role: "simple_builder",
  model: "gpt-5-mini",
  instructions: "rules ".repeat(500),
  input: "context line\n".repeat(8000),
  wantedOutput: "patch",
  maxOutputTokens: 4000,
  reasoningEffort: "medium",
  serviceTier: "flex",
  timeoutMs: 5000,
  taskId: "bench",
  attempt: 1,
};

async function time(label, n, fn) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const per = (performance.now() - t0) / n;
  console.log(
    `${label}: ${per < 1 ? `${(per * 1000).toFixed(1)} µs` : `${per.toFixed(2)} ms`} per op (n=${n})`,
  );
}

await time(`parseModelOutput (${Math.round(text.length / 1024)} KiB diff)`, 500, () =>
  parseModelOutput(text, "patch"),
);
await time("outputJsonSchema(patch)", 500, () => outputJsonSchema("patch"));
await time(`requestDigest (${Math.round(request.input.length / 1024)} KiB input)`, 500, () =>
  requestDigest(request),
);
const fake = createFakeProvider({
  responses: Array.from({ length: 500 }, () => ({ unified_diff: diff })),
  countTokens: (t) => t.length / 4,
});
await time("fake provider call", 500, () => fake.call(request));

const body = JSON.stringify({
  id: "resp_1",
  object: "response",
  status: "completed",
  model: "gpt-5-mini",
  service_tier: "flex",
  output: [{ type: "message", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] }],
  usage: {
    input_tokens: 1,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 1,
    output_tokens_details: { reasoning_tokens: 0 },
  },
});
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const openai = createOpenAIProvider({
  apiKey: "sk-bench-not-a-key",
  baseURL: `http://127.0.0.1:${server.address().port}/v1`,
  timeoutS: 10,
  flexTimeoutS: 10,
  sendServiceTier: true,
  sendReasoning: true,
});
const t0 = performance.now();
await openai.call(request);
console.log(`openai provider first call (loads SDK + undici): ${(performance.now() - t0).toFixed(1)} ms`);
await time("openai provider call via local server", 100, () => openai.call(request));
server.close();
