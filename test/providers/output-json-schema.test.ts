import { describe, expect, it } from "vitest";
import { OUTPUT_KINDS } from "../../src/config/schema.js";
import { outputJsonSchema } from "../../src/providers/output-json-schema.js";

type Node = Record<string, unknown>;

const ALLOWED = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "enum",
  "description",
]);

/** Every schema node, with the path that leads to it. */
function nodes(node: Node, path = "$"): [string, Node][] {
  const children: [string, Node][] = [];
  for (const [name, child] of Object.entries((node.properties as Record<string, Node>) ?? {})) {
    children.push(...nodes(child, `${path}.${name}`));
  }
  if (node.items) children.push(...nodes(node.items as Node, `${path}[]`));
  for (const [i, branch] of ((node.anyOf as Node[]) ?? []).entries())
    children.push(...nodes(branch, `${path}|${i}`));
  return [[path, node], ...children];
}

describe("outputJsonSchema satisfies OpenAI strict mode", () => {
  for (const kind of OUTPUT_KINDS) {
    it(`for ${kind}`, () => {
      const schema = outputJsonSchema(kind);
      expect(schema.type).toBe("object");
      expect(schema.anyOf).toBeUndefined();
      for (const [path, node] of nodes(schema)) {
        for (const key of Object.keys(node)) expect(ALLOWED.has(key), `${path} has ${key}`).toBe(true);
        if (node.properties !== undefined || node.type === "object") {
          expect(node.additionalProperties, path).toBe(false);
          expect([...(node.required as string[])].sort(), path).toEqual(
            Object.keys(node.properties as Node).sort(),
          );
        }
      }
    });
  }

  it("narrows kind to the answers that fit the request", () => {
    const kindOf = (k: (typeof OUTPUT_KINDS)[number]) =>
      (outputJsonSchema(k).properties as Record<string, Node>).kind;
    expect(kindOf("patch")).toEqual({ type: "string", enum: ["unified_diff", "edits"] });
    expect(kindOf("diagnosis")).toEqual({ type: "string", enum: ["diagnosis"] });
    expect(kindOf("classification")).toEqual({ type: "string", enum: ["classification"] });
  });

  it("keeps every slot nullable so the unused ones can be null", () => {
    const props = outputJsonSchema("patch").properties as Record<string, Node>;
    expect(props.unified_diff).toEqual({ type: ["string", "null"] });
    for (const slot of ["edits", "diagnosis", "classification"]) {
      expect(props[slot]?.anyOf as Node[]).toContainEqual({ type: "null" });
    }
  });

  it("is the same object text on every call", () => {
    expect(JSON.stringify(outputJsonSchema("patch"))).toBe(JSON.stringify(outputJsonSchema("patch")));
  });
});
