import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { DOC, renderedDoc } from "../scripts/error-codes.mjs";

/** The error codes are listed in one place with their exit codes, and that list is never stale. */
describe("docs/error-codes.md", () => {
  it("lists every literal error code with its exit code (run `node scripts/error-codes.mjs`)", () => {
    const current = readFileSync(DOC as string, "utf8");
    expect((renderedDoc as (t: string) => string)(current)).toBe(current);
  });
});
