import { createTwoFilesPatch } from "diff";
import { stringify } from "yaml";
import { makeTempRepo, type TempRepo } from "./git-repo.js";

/**
 * A tiny JavaScript package with a real node:test suite and one seeded bug, plus a leash.yaml:
 * the target most end-to-end tests run Leash against. The validator runs the test file with
 * `node` itself (node:test reports and sets the exit code in the process that ran it); `node --test`
 * would start a second Node per validation, ≈ 10% of these tests' time for nothing they check.
 */
export const ADD_BUGGY = "export function add(a, b) {\n  return a - b;\n}\n";
export const ADD_FIXED = "export function add(a, b) {\n  return a + b;\n}\n";

export function diffFor(from: string, to: string, path = "src/add.js"): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, from, to, "", "", { context: 3 })
    .replace(/^=+\n/m, "")
    .replace(/^Index:.*\n/m, "")
    .replace(/\t$/gm, "");
}

export const addReturning = (expr: string) => `export function add(a, b) {\n  return ${expr};\n}\n`;

export function makeJsProject(config: Record<string, unknown> = {}): TempRepo {
  const leashYaml = {
    version: 1,
    // The seeded bug fails its test on the clean tree, so `require` would stop every run. The
    // baseline has its own tests (test/cli/baseline.test.ts); here it stays out of the way.
    baseline: "skip",
    commands: { unit: { argv: ["node", "test/add.test.js"], timeout_s: 60 } },
    ...config,
  };
  return makeTempRepo({
    "package.json": '{ "name": "target", "type": "module" }\n',
    "src/add.js": ADD_BUGGY,
    "test/add.test.js":
      'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "../src/add.js";\n\ntest("adds", () => {\n  assert.equal(add(2, 3), 5);\n});\n',
    "leash.yaml": stringify(leashYaml),
  });
}

/** `leash run` flags for the same task as writeTask's default, given inline. */
export const INLINE_FIX_ARGS = [
  "--goal",
  "add(2, 3) must return 5",
  "--allow",
  "src/add.js",
  "--check",
  "unit",
];

export function writeTask(repo: TempRepo, name: string, task: Record<string, unknown>): string {
  const path = `tasks/${name}.yaml`;
  repo.write(
    path,
    stringify({
      version: 1,
      goal: "add(2, 3) must return 5",
      intent: "bugfix",
      allowed_files: ["src/add.js"],
      validators: ["unit"],
      ...task,
    }),
  );
  repo.commitAll(`task ${name}`);
  return path;
}
