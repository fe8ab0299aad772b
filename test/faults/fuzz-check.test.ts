import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkCommand } from "../../src/cli/check.js";
import type { CliContext } from "../../src/cli/context.js";
import { isLeashError } from "../../src/errors.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { runLeash } from "../helpers/leash-cli.js";

/**
 * Fuzzed task files and configs through `leash check` (issue 15): whatever the bytes, the answer
 * is an exit code in 0–4 with a message, never an internal error or a stack trace, never a hang,
 * and the repository's files stay byte-identical. Cases run in process through the command
 * itself (the CLI's own catch is reproduced below); a few go through the built CLI as well.
 * A new seed every run; fast-check prints the seed and the shrunk case when one fails.
 */

const TASK_RUNS = 300;
const CONFIG_RUNS = 100;
const CASE_MS = 10_000;

const BASE_CONFIG = {
  version: 1,
  baseline: "skip",
  budget: { project_total_budget_usd: 5, task_default_usd: 0.5 },
  limits: { max_patch_bytes: 20000, max_output_tokens_per_call: 4000 },
  routing: { use_classifier: false },
  commands: { unit: { argv: ["node", "--test"], timeout_s: 60 } },
  forbidden_paths: [".git/**", ".leash/**"],
  ledger: { path: ".leash/ledger.sqlite" },
};

const BASE_TASK = {
  version: 1,
  id: "fz",
  goal: "add(2, 3) must return 5",
  intent: "bugfix",
  allowed_files: ["src/add.js", "src/add.js#L1-3"],
  context_files: ["package.json"],
  create_files: ["src/new.js"],
  validators: ["unit"],
  baseline: "tolerate",
  budget: { max_usd: 0.4, max_attempts: 2, max_runtime_s: 600 },
  limits: { max_output_tokens_per_call: 3000, max_patch_bytes: 10000 },
  fake: {
    responses: [
      { unified_diff: "--- a/src/add.js\n+++ b/src/add.js\n@@ -1 +1 @@\n-a\n+b\n" },
      { edits: [{ path: "src/add.js", op: "replace", find: "a - b", replace: "a + b" }] },
      { error: "rate_limit" },
    ],
  },
};

/** Values chosen to hit edges: paths that escape, globs, regions, YAML-looking text, huge and odd numbers. */
const nasty = fc.constantFrom<unknown>(
  "../../etc/passwd",
  "/etc/passwd",
  ".git/config",
  "**",
  "src/add.js#L3-1",
  "src/add.js#L0-99999999",
  "src/add.js#Lx",
  "\u0000",
  "",
  " ",
  "\ufeff",
  "~",
  "null",
  "*a",
  "&a x",
  "x".repeat(5000),
  -1,
  0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.1,
  true,
  null,
  [],
  {},
  [[[[[]]]]],
  { path: "src/add.js", symbols: ["add", "nope.nope", ""] },
  { path: "src/add.js", outline: "yes" },
  { unified_diff: 5 },
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

type Edit = { path: (string | number)[]; op: "set" | "delete" | "add"; key: string; value: unknown };

function applyEdits(base: unknown, edits: Edit[]): unknown {
  const root = { v: structuredClone(base) } as Record<string, unknown>;
  for (const edit of edits) {
    let parent: Record<string | number, unknown> = root;
    let key: string | number = "v";
    for (const step of edit.path) {
      const next = parent[key];
      if (next === null || typeof next !== "object") break;
      parent = next as Record<string | number, unknown>;
      key = step;
    }
    if (edit.op === "delete") delete parent[key];
    else if (edit.op === "set") parent[key] = edit.value;
    else {
      const target = parent[key];
      if (target !== null && typeof target === "object" && !Array.isArray(target))
        (target as Record<string, unknown>)[edit.key] = edit.value;
      else parent[key] = { [edit.key]: edit.value };
    }
  }
  return root.v;
}

const YAML_BITS = [
  "&a ",
  "*a",
  "<<: *a\n",
  "!!binary ",
  "!!js/function ",
  "!custom ",
  "%YAML 1.1\n",
  "---\n",
  "...\n",
  "\t",
  "? ",
  ": ",
  "- ",
  "|\n",
  ">-\n",
  "{",
  "}",
  "[",
  "]",
  '"',
  "'",
  "#",
  "\r\n",
  "\u0000",
  "\ufeff",
  "\ud800",
  "  ",
  "\n",
];

/** Text-level damage: insertions of YAML syntax or random text, deletions, duplicated or cut lines. */
const textEdit = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...YAML_BITS), fc.string({ maxLength: 12 })),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant("dupLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

function applyText(text: string, edits: TextEdit[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % (t.length + 1);
    if (e.kind === "insert") t = t.slice(0, at) + e.text + t.slice(at);
    else if (e.kind === "delete") t = t.slice(0, at) + t.slice(at + e.length);
    else if (e.kind === "truncate") t = t.slice(0, at);
    else {
      const lines = t.split("\n");
      const i = e.at % lines.length;
      lines.splice(i, 0, lines[i] ?? "");
      t = lines.join("\n");
    }
  }
  return t;
}

type TextEdit =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "dupLine"; at: number }
  | { kind: "truncate"; at: number };

/** A damaged YAML file made from `base`: structural edits, text edits, or both. */
function mutated(base: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(base);
  const edit: fc.Arbitrary<Edit> = fc.record({
    path: fc.constantFrom(...paths),
    op: fc.constantFrom("set" as const, "delete" as const, "add" as const),
    key: fc.oneof(fc.constantFrom("extra", "goal", "version", "id", "<<"), fc.string({ maxLength: 8 })),
    value,
  });
  const structural = fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const doc = applyEdits(base, edits);
    return stringify(doc === undefined ? null : doc);
  });
  return fc.oneof(
    structural,
    fc
      .array(textEdit, { minLength: 1, maxLength: 5 })
      .map((edits) => applyText(stringify(base), edits as TextEdit[])),
    fc
      .tuple(structural, fc.array(textEdit, { minLength: 1, maxLength: 3 }))
      .map(([text, edits]) => applyText(text, edits as TextEdit[])),
  );
}

interface Outcome {
  code: number;
  output: string;
}

/** `leash check` in process, with main.ts's catch: a Leash error exits with its code, anything else is 70. */
async function checkInProcess(root: string, tasks: string[]): Promise<Outcome> {
  let output = "";
  const ctx: CliContext = {
    cwd: root,
    out: (t) => {
      output += `${t}\n`;
    },
    err: (t) => {
      output += `${t}\n`;
    },
    quiet: false,
    verbose: false,
    color: false,
    isTty: false,
  };
  const run = checkCommand(ctx, tasks, {}).then(
    (code) => ({ code, output }),
    (error: unknown) =>
      isLeashError(error)
        ? { code: error.exitCode, output: `${output}${error.message}` }
        : { code: 70, output: `${output}internal error: ${error instanceof Error ? error.stack : error}` },
  );
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ code: -1, output: `${output}hung for ${CASE_MS} ms` }), CASE_MS);
  });
  try {
    return await Promise.race([run, hang]);
  } finally {
    clearTimeout(timer);
  }
}

const ADD_JS = "export function add(a, b) {\n  return a - b;\n}\n";
let repo: TempRepo;
let before: Map<string, Buffer>;
const FUZZ_FILES = new Set(["leash.yaml", "tasks/fz.yaml"]);

function repoFilesExceptFuzzed(): Map<string, Buffer> {
  const snap = repo.snapshot({ includeLeash: true });
  for (const name of FUZZ_FILES) snap.delete(name);
  return snap;
}

beforeAll(() => {
  repo = makeTempRepo({
    "package.json": '{ "name": "target", "type": "module" }\n',
    "src/add.js": ADD_JS,
    "leash.yaml": stringify(BASE_CONFIG),
    "tasks/fz.yaml": stringify(BASE_TASK),
  });
  before = repoFilesExceptFuzzed();
});
afterAll(() => repo.cleanup());

function expectClean(outcome: Outcome): void {
  expect(outcome.output).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  expect([0, 1, 2, 3, 4]).toContain(outcome.code);
}

describe("fuzzed files through leash check", () => {
  it("the unmutated files pass", async () => {
    expect(await checkInProcess(repo.root, ["tasks/fz.yaml"])).toMatchObject({ code: 0 });
  });

  it(`${TASK_RUNS} mutated task files: exit 0–4, no trace, no hang, the repository untouched`, {
    timeout: 600_000,
  }, async () => {
    repo.write("leash.yaml", stringify(BASE_CONFIG));
    await fc.assert(
      fc.asyncProperty(mutated(BASE_TASK), async (text) => {
        repo.write("tasks/fz.yaml", text);
        expectClean(await checkInProcess(repo.root, ["tasks/fz.yaml"]));
        expect(repoFilesExceptFuzzed()).toEqual(before);
      }),
      { numRuns: TASK_RUNS },
    );
  });

  it(`${CONFIG_RUNS} mutated configs: exit 0–4, no trace, no hang, the repository untouched`, {
    timeout: 600_000,
  }, async () => {
    repo.write("tasks/fz.yaml", stringify(BASE_TASK));
    await fc.assert(
      fc.asyncProperty(mutated(BASE_CONFIG), async (text) => {
        repo.write("leash.yaml", text);
        expectClean(await checkInProcess(repo.root, ["tasks/fz.yaml"]));
        expect(repoFilesExceptFuzzed()).toEqual(before);
      }),
      { numRuns: CONFIG_RUNS },
    );
  });

  it("a few of each through the built CLI: the same, as an operator sees it", { timeout: 300_000 }, () => {
    const tasks = fc.sample(mutated(BASE_TASK), 4);
    const configs = fc.sample(mutated(BASE_CONFIG), 4);
    const cases = [
      ...tasks.map((t) => [stringify(BASE_CONFIG), t]),
      ...configs.map((c) => [c, stringify(BASE_TASK)]),
    ];
    for (const [config, task] of cases) {
      repo.write("leash.yaml", config as string);
      repo.write("tasks/fz.yaml", task as string);
      const result = runLeash(repo.root, ["check", join("tasks", "fz.yaml")]);
      const output = `${result.stdout}${result.stderr}`;
      expect(output).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
      expect([0, 1, 2, 3, 4]).toContain(result.status);
      expect(repoFilesExceptFuzzed()).toEqual(before);
    }
  });
});
