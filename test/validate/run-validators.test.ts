import { afterEach, describe, expect, it } from "vitest";
import type { CommandConfig } from "../../src/config/schema.js";
import { createCommandRunner } from "../../src/exec/command-runner.js";
import { runValidators } from "../../src/validate/run-validators.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const node = (script: string, timeout_s = 30): CommandConfig => ({
  argv: [process.execPath, "-e", script],
  timeout_s,
});

const commands: Record<string, CommandConfig> = {
  pass: node("console.log('all good')"),
  typecheck: node(
    "console.log(process.cwd() + \"/src/a.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.\"); process.exit(2)",
  ),
  unit: node(
    "console.error(' FAIL  test/a.test.ts > adds'); console.error('AssertionError: expected 1 to be 2'); process.exit(1)",
  ),
  slow: node("setTimeout(() => {}, 20000)", 0.5),
};

describe("runValidators with the real command runner", () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.cleanup());

  it("runs each validator in order and turns failures into signatures", async () => {
    repo = makeTempRepo({ "src/a.ts": "export const x = 1;\n" });
    const runner = createCommandRunner({ commands, maxOutputBytes: 65536 });
    const results = await runValidators(runner, ["pass", "typecheck", "unit", "slow"], repo.root);
    expect(results.map((r) => [r.name, r.passed, r.exitCode, r.timedOut])).toEqual([
      ["pass", true, 0, false],
      ["typecheck", false, 2, false],
      ["unit", false, 1, false],
      ["slow", false, null, true],
    ]);
    expect(results[0]?.failures).toEqual([]);
    expect(results[0]?.output).toContain("all good");
    expect(results[1]?.failures).toEqual([
      expect.objectContaining({
        category: "type",
        file: "src/a.ts",
        text: "src/a.ts: error TS2322: Type 'string' is not assignable to type 'number'.",
      }),
    ]);
    expect(results[2]?.failures.map((f) => f.category)).toEqual(["test", "test"]);
    expect(results[3]?.failures.map((f) => f.category)).toContain("timeout");
  });

  it("stops before the next validator once aborted", async () => {
    repo = makeTempRepo({});
    const runner = createCommandRunner({ commands, maxOutputBytes: 65536 });
    const controller = new AbortController();
    controller.abort();
    expect(await runValidators(runner, ["pass", "unit"], repo.root, controller.signal)).toEqual([]);
  });
});
