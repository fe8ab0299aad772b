import { z } from "zod";
import { configSchema } from "./schema.js";

/**
 * The JSON Schema of a user's leash.yaml, for editor completion. It is the resolved config's
 * shape with nothing required, since every key the file leaves out takes its default.
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" });
  const optional = dropRequired(generated) as Record<string, unknown>;
  return {
    ...optional,
    title: "Leash config (leash.yaml)",
    description: "Every key is optional: the file is merged over Leash's defaults (docs/config.md).",
  };
}

function dropRequired(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropRequired);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== "required") out[key] = dropRequired(inner);
  }
  return out;
}

/** The file's exact text, so the committed copy can be compared byte for byte. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}
