import { describe, expect, it } from "vitest";
import { formatInt } from "../../src/contract/format-int.js";

describe("formatInt", () => {
  it("writes counts as en-US does, without loading a locale", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 123_456_789, -4321]) {
      expect(formatInt(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});
