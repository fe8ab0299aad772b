import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildConfigJsonSchema, configJsonSchemaText } from "../../src/config/json-schema.js";

const FILE = join(import.meta.dirname, "..", "..", "schema", "leash.schema.json");

describe("schema/leash.schema.json", () => {
  it("is current: equal to what generation gives now (run `npm run build && node scripts/gen-schema.mjs`)", () => {
    expect(readFileSync(FILE, "utf8")).toBe(configJsonSchemaText());
  });

  it("requires nothing, since the defaults fill every key in", () => {
    expect(configJsonSchemaText()).not.toContain('"required"');
    const schema = buildConfigJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    expect(Object.keys(schema.properties)).toContain("forbidden_paths");
    expect(schema.additionalProperties).toBe(false);
  });
});
