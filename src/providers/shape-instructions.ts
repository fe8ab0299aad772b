import type { OutputKind } from "../config/schema.js";
import { outputJsonSchema } from "./output-json-schema.js";

/**
 * Instructions for an endpoint that cannot enforce the output schema (JSON mode, plain text):
 * the contract plus the exact wire shape, since the answer is checked by the same zod schema as a
 * strict one and the short shapes in the contract would fail it.
 */
export function withShapeSpelledOut(instructions: string, wanted: OutputKind): string {
  const schema = JSON.stringify(outputJsonSchema(wanted));
  return `${instructions}

The JSON object must match this JSON Schema exactly: every key present, "kind" naming the filled slot, every other slot null. No prose, no code fence.
${schema}`;
}

/** Models without schema enforcement often wrap JSON in one markdown fence; that alone is removed. */
export function unfenceJson(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n```\s*$/.exec(text);
  return match?.[1] ?? text;
}
