import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportedFailureCount } from "../../src/validate/failure-count.js";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "fixtures", "validate", name), "utf8");

describe("reportedFailureCount: the tool's own count, not its output lines", () => {
  it.each([
    ["pytest.txt", 2],
    ["mypy.txt", 2],
    ["ruff.txt", 2],
    ["tsc-pretty.txt", 2],
    ["eslint-stylish.txt", 3],
    ["biome-lint.txt", 2],
    ["node-test-tap.txt", 1],
    ["node-test-spec.txt", 1],
    ["vitest.txt", 2],
  ])("%s → %i", (name, count) => {
    expect(reportedFailureCount(fixture(name))).toBe(count);
  });

  it("reads jest, mocha, unittest and pytest error summaries, colours and all", () => {
    const jest =
      "\u001b[1mTests:\u001b[22m       \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m, 3 passed, 4 total\n";
    expect(reportedFailureCount(jest)).toBe(1);
    expect(reportedFailureCount("  3 passing (12ms)\n  2 failing\n")).toBe(2);
    expect(reportedFailureCount("Ran 4 tests in 0.001s\n\nFAILED (failures=1, errors=1)\n")).toBe(2);
    expect(reportedFailureCount("===== 1 failed, 2 passed, 1 error in 0.12s =====\n")).toBe(2);
    expect(reportedFailureCount("1 error in 0.20s\n")).toBe(1);
  });

  it("is undefined for output without a summary (the failure lines count then)", () => {
    expect(reportedFailureCount("something broke\nbadly\n")).toBeUndefined();
    expect(reportedFailureCount("3 passed in 0.10s\n")).toBeUndefined();
  });
});
