import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefaultsText } from "../../src/config/defaults.js";
import { PARSE_ONCE } from "../../src/config/parse-once.js";
import { configSchema } from "../../src/config/schema.js";
import { taskSchema } from "../../src/task/schema.js";

const defaults = parseDefaultsText(
  readFileSync(join(import.meta.dirname, "..", "..", "data", "defaults.yaml"), "utf8"),
);

describe("PARSE_ONCE (zod without its compiled fast path)", () => {
  it.each([
    ["the defaults", { ...defaults, project: "p" }],
    [
      "a config with wrong types and an unknown key",
      { ...defaults, project: 3, limits: { max_attempts: "x" }, extra: 1 },
    ],
  ])("checks %s exactly as the compiled path does", (_what, value) => {
    const compiled = configSchema.safeParse(value);
    const once = configSchema.safeParse(value, PARSE_ONCE);
    expect(once.success).toBe(compiled.success);
    expect(once.data).toEqual(compiled.data);
    expect(once.error?.issues).toEqual(compiled.error?.issues);
  });

  it("gives a task the same defaults and the same issues", () => {
    for (const value of [
      { version: 1, goal: "g", allowed_files: ["a"] },
      { version: 1, goal: 5, nope: true },
    ]) {
      const compiled = taskSchema.safeParse(value);
      const once = taskSchema.safeParse(value, PARSE_ONCE);
      expect(once.data).toEqual(compiled.data);
      expect(once.error?.issues).toEqual(compiled.error?.issues);
    }
  });
});
