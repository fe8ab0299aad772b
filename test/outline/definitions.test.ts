import { describe, expect, it } from "vitest";
import { listDefinitions } from "../../src/outline/definitions.js";

const TS = `import { x } from "y";

export class Shelf<T> {
  private items: T[] = [];
  constructor() {}
  add(item: T): void {
    const check = (v: T) => v !== undefined;
    if (check(item)) this.items.push(item);
  }
}

export const toSlug = (s: string) => s.toLowerCase();
const table = { render() { return 1; } };
interface Options { a: number }
type Id = string;
enum Mode { A, B }
function* ids() { yield 1; }
`;

const PY = `import os

@dataclass
class Parameter:
    def get_usage_pieces(self):
        def inner():
            return 1
        return inner

async def main():
    pass
`;

const shape = (defs: Awaited<ReturnType<typeof listDefinitions>>) =>
  defs?.map((d) => `${d.kind} ${d.name} ${d.startLine}-${d.endLine} d${d.depth}`);

describe("listDefinitions", () => {
  it("lists TypeScript definitions in source order, nested names dotted, export lines included", async () => {
    expect(shape(await listDefinitions("src/shelf.ts", TS))).toEqual([
      "class Shelf 3-10 d0",
      "method Shelf.constructor 5-5 d1",
      "method Shelf.add 6-9 d1",
      "function Shelf.add.check 7-7 d2",
      "function toSlug 12-12 d0",
      "method render 13-13 d0",
      "interface Options 14-14 d0",
      "type Id 15-15 d0",
      "enum Mode 16-16 d0",
      "function ids 17-17 d0",
    ]);
  });

  it("lists Python definitions with their decorators, and keeps each signature line as written", async () => {
    const defs = await listDefinitions("pkg/param.py", PY);
    expect(shape(defs)).toEqual([
      "class Parameter 3-8 d0",
      "function Parameter.get_usage_pieces 5-8 d1",
      "function Parameter.get_usage_pieces.inner 6-7 d2",
      "function main 10-11 d0",
    ]);
    expect(defs?.[1]?.signature).toBe("    def get_usage_pieces(self):");
  });

  it("answers null for a language it has no grammar for", async () => {
    expect(await listDefinitions("notes.md", "# title\n")).toBeNull();
  });
});
