import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeOverDefaults } from "../../src/config/merge.js";

describe("mergeOverDefaults", () => {
  it("merges mappings key by key, replaces lists and scalars", () => {
    const defaults = { a: { x: 1, y: 2 }, list: [1, 2], s: "d" };
    expect(mergeOverDefaults(defaults, { a: { y: 3 }, list: [9], s: "u" })).toEqual({
      a: { x: 1, y: 3 },
      list: [9],
      s: "u",
    });
  });

  it("does not modify its inputs", () => {
    const defaults = { a: { x: 1 }, forbidden_paths: [".git/**"] };
    const user = { a: { y: 2 }, forbidden_paths: ["x/**"] };
    mergeOverDefaults(defaults, user);
    expect(defaults).toEqual({ a: { x: 1 }, forbidden_paths: [".git/**"] });
    expect(user).toEqual({ a: { y: 2 }, forbidden_paths: ["x/**"] });
  });

  it("forbidden_paths always keeps every default entry (a safety floor), without duplicates", () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.string()), (floor, extra) => {
        const defaults = { forbidden_paths: [...new Set(floor)] };
        const merged = mergeOverDefaults(defaults, { forbidden_paths: extra }) as {
          forbidden_paths: string[];
        };
        for (const entry of defaults.forbidden_paths) expect(merged.forbidden_paths).toContain(entry);
        for (const entry of extra) expect(merged.forbidden_paths).toContain(entry);
        expect(new Set(merged.forbidden_paths).size).toBe(merged.forbidden_paths.length);
      }),
    );
  });
});
