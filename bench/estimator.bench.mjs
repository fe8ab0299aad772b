// Estimator accuracy (issue #11): for every request shape Leash sends (three output kinds on the
// three wires, chat in both structured-output modes, small to large inputs), Leash's input-token
// estimate against a count of what the request body carries. Offline, that count is the o200k
// tokens of every text the body holds (instructions, messages, tool and format descriptions) and
// of every schema as serialized in it; a provider's hidden framing is not in it, which is what
// budget.input_margin (64 tokens + 5%) is for. Against a real provider `leash ledger` shows the
// same error from reported usage.
import { reservedInputTokens } from "../dist/budget/input-margin.js";
import { countTokens, estimateRequestTokens } from "../dist/budget/tokens.js";
import { buildMessagesBody } from "../dist/providers/anthropic/build-request.js";
import { buildResponsesBody } from "../dist/providers/openai/build-request.js";
import { buildChatBody } from "../dist/providers/openai-chat/build-chat-request.js";
import { outputJsonSchema } from "../dist/providers/output-json-schema.js";
import { median, table } from "./lib/stats.mjs";

const TEXT_KEYS = new Set(["instructions", "input", "content", "text", "description", "system"]);
const SCHEMA_KEYS = new Set(["schema", "input_schema"]);

/** Every string the body carries as text, and every schema as it is serialized there. */
function bodyTexts(value, key = "", out = []) {
  if (SCHEMA_KEYS.has(key) && value && typeof value === "object") out.push(JSON.stringify(value));
  else if (typeof value === "string") {
    if (TEXT_KEYS.has(key)) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) bodyTexts(v, key, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value))
      bodyTexts(v, TEXT_KEYS.has(key) && k === "text" ? "text" : k, out);
  return out;
}

const counted = (body) => bodyTexts(body).reduce((n, t) => n + countTokens(t, "o200k_base"), 0);

function codeLike(chars) {
  const line = (n) =>
    `${String(n).padStart(5)}| export function step${n}(value: number): number { return value + ${n}; }\n`;
  let out = "# Goal\nstep must add, not subtract\n\n## src/steps.ts (editable)\n";
  for (let n = 1; out.length < chars; n++) out += line(n);
  return out;
}

const switches = { sendServiceTier: true, sendReasoning: true, promptCache: true };
const WIRES = {
  responses: (r) => buildResponsesBody(r, switches),
  "chat (json_schema)": (r) =>
    buildChatBody(r, { ...switches, structuredOutput: "json_schema", maxTokensField: "max_tokens" }),
  "chat (json_object)": (r) =>
    buildChatBody(r, { ...switches, structuredOutput: "json_object", maxTokensField: "max_tokens" }),
  anthropic_messages: (r) =>
    buildMessagesBody(r, { sendReasoning: false, promptCache: true, structuredOutput: true }),
};
const INSTRUCTIONS = "You propose a patch. Follow the output contract exactly.\n".repeat(12);

/** The shipped budget.input_margin (data/defaults.yaml). */
const MARGIN = { tokens: 64, percent: 5 };
const rows = [];
const errors = [];
let uncovered = 0;
for (const wantedOutput of ["patch", "diagnosis", "classification"]) {
  for (const [wire, build] of Object.entries(WIRES)) {
    const perSize = [];
    for (const chars of [2_000, 40_000, 200_000]) {
      const request = {
        role: "general_builder",
        model: "gpt-5-mini",
        instructions: INSTRUCTIONS,
        input: codeLike(chars),
        wantedOutput,
        maxOutputTokens: 4000,
        reasoningEffort: "medium",
        serviceTier: "default",
        timeoutMs: 1000,
        taskId: "bench",
        attempt: 1,
      };
      const estimate = estimateRequestTokens(
        {
          instructions: request.instructions,
          input: request.input,
          schemaText: JSON.stringify(outputJsonSchema(wantedOutput)),
        },
        "o200k_base",
      );
      const body = counted(build(request));
      const pct = ((estimate - body) / body) * 100;
      if (reservedInputTokens(estimate, MARGIN) < body) uncovered++;
      perSize.push(pct);
      errors.push(pct);
    }
    const worst = perSize.reduce((w, e) => (Math.abs(e) > Math.abs(w) ? e : w), 0);
    rows.push([wantedOutput, wire, `${median(perSize).toFixed(2)}%`, `${worst.toFixed(2)}%`]);
  }
}
console.log("estimate vs the body's own text, (estimate − body) / body; negative = under-counted");
console.log(table(["output", "wire", "median error", "worst error"], rows));
const worstAll = errors.reduce((w, e) => (Math.abs(e) > Math.abs(w) ? e : w), 0);
console.log(
  `all ${errors.length} shapes: median ${median(errors).toFixed(2)}%, worst ${worstAll.toFixed(2)}%`,
);
console.log(
  `shapes whose reservation (estimate + 64 + 5%) falls short of the body: ${uncovered} of ${errors.length}`,
);
