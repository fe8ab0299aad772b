import { z } from "zod";
import type { OutputKind } from "../config/schema.js";
import { wireOutputSchema } from "../contract/model-output.js";
import { KINDS_FOR } from "./parse-model-output.js";

type JsonSchema = { [key: string]: unknown };

/** Keywords OpenAI's strict structured output accepts everywhere; anything else is dropped. */
const KEPT = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "enum",
  "description",
]);

/**
 * The strict JSON schema sent as structured output. Generated from the same zod schema that
 * checks the answer, then narrowed to the kinds that answer `wanted` and cut down to what
 * strict mode allows: an object root, every property required, no extra properties anywhere.
 * Bounds the schema cannot carry (min lengths, confidence range) are checked by parseModelOutput.
 */
export function outputJsonSchema(wanted: OutputKind): JsonSchema {
  const generated = z.toJSONSchema(wireOutputSchema, { target: "draft-2020-12", io: "output" }) as JsonSchema;
  const strict = toStrict(generated);
  const properties = strict.properties as Record<string, JsonSchema>;
  properties.kind = { type: "string", enum: [...KINDS_FOR[wanted]] };
  return strict;
}

function toStrict(node: unknown): JsonSchema {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return {};
  const source = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "const") out.enum = [value];
    else if (key === "oneOf" || key === "anyOf") out.anyOf = (value as unknown[]).map(toStrict);
    else if (key === "items") out.items = toStrict(value);
    else if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value as JsonSchema).map(([name, child]) => [name, toStrict(child)]),
      );
    } else if (KEPT.has(key) && key !== "required" && key !== "additionalProperties") out[key] = value;
  }
  if (out.properties !== undefined) {
    out.type = "object";
    out.required = Object.keys(out.properties as JsonSchema);
    out.additionalProperties = false;
  }
  return out;
}
