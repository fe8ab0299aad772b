import type { PricingConfig } from "../config/schema.js";
import { cachedCount } from "./count-cache.js";
import { countWithLongRuns } from "./long-runs.js";
import { loadTokenizer, type TableEncoding, type Tokenizer } from "./tokenizer-tables.js";

/**
 * Token estimates with the model's own tokenizer. Encodings are loaded on first use (each is
 * a few MB of tables), so importing this module costs nothing until a count is asked for.
 */

export type Encoding = "o200k_base" | "cl100k_base" | "claude_conservative";

/**
 * Anthropic publishes no tokenizer for current models, yet the reservation must not fall below
 * the billed input. o200k_base × 1.5: against Anthropic's published (legacy) tokenizer, Leash's
 * own sources and docs count 1.10 × o200k on the whole and 1.22 × at worst per file (measured
 * 2026-12-01, docs/providers.md), so 1.5 leaves headroom; a miss is an overrun (SPEC §12).
 */
export const CLAUDE_FACTOR = 1.5;

/** Per-message framing (OpenAI cookbook, gpt-4o): 3 tokens per message plus 3 to prime the reply. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_TO_PRIME_REPLY = 3;

/** o200k_base covers the GPT-5, GPT-4o, GPT-4.1 and o-series families (OPENAI_NOTES). */
export const DEFAULT_ENCODING: Encoding = "o200k_base";

const loaded = new Map<TableEncoding, Tokenizer>();

function tokenizer(encoding: TableEncoding): Tokenizer {
  let t = loaded.get(encoding);
  if (!t) {
    t = loadTokenizer(encoding);
    loaded.set(encoding, t);
  }
  return t;
}

// Text that happens to contain `<|endoftext|>` is sent as text, so count it as text.
const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

// Counts are remembered across runs (count-cache.ts): the tables load only for text not seen.
// Exact but for runs of thousands of characters without a break (long-runs.ts), which err high.
function exactCount(text: string, encoding: TableEncoding): number {
  const count = (t: string) => tokenizer(encoding).countTokens(t, NO_SPECIAL);
  return cachedCount(text, encoding, (piece) => countWithLongRuns(piece, count));
}

export function countTokens(text: string, encoding: Encoding): number {
  if (text.length === 0) return 0;
  if (encoding === "claude_conservative") return Math.ceil(exactCount(text, "o200k_base") * CLAUDE_FACTOR);
  return exactCount(text, encoding);
}

export interface RequestText {
  /** System-level instructions: one message. */
  instructions: string;
  /** The built context: one message. */
  input: string;
  /** The structured-output JSON Schema as sent; counted as text, framed with the instructions. */
  schemaText: string;
}

/**
 * Input tokens of the request exactly as Leash sends it: the text of each part, 3 tokens of
 * framing per message (instructions and input), and 3 to prime the reply. An estimate of
 * the API's own count, which may differ by a few tokens of framing.
 */
export function estimateRequestTokens(request: RequestText, encoding: Encoding): number {
  const messages = 2;
  return (
    countTokens(request.instructions, encoding) +
    countTokens(request.input, encoding) +
    countTokens(request.schemaText, encoding) +
    messages * TOKENS_PER_MESSAGE +
    TOKENS_TO_PRIME_REPLY
  );
}

/** The encoding named in the pricing table for the model; Claude models count conservatively; else o200k_base. */
export function encodingFor(pricing: PricingConfig, model: string): Encoding {
  const named = Object.hasOwn(pricing.models, model) ? pricing.models[model]?.encoding : undefined;
  if (named !== undefined) return named;
  return model.startsWith("claude") ? "claude_conservative" : DEFAULT_ENCODING;
}
