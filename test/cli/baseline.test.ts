import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, addReturning, diffFor, writeTask } from "../helpers/js-project.js";
import { runJson, runLeash, runLeashAsync } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";
import {
  type ResponsesServer,
  responseBody,
  startResponsesServer,
} from "../providers/helpers/responses-server.js";

/**
 * The stops before any spend (SPEC §12), end to end: a validator that cannot start, one that
 * fails on the clean tree, one that rewrites it. Each runs the real OpenAI provider against a
 * local Responses server scripted with an answer that would fix the bug, and exits 2 with no
 * request in the server's log, no ledger row (every call reserves one first), no run left for
 * recover, and the tree byte-identical.
 */

const TEST_ADD =
  'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "../src/add.js";\n\ntest("adds", () => {\n  assert.equal(add(2, 3), 5);\n});\n';
const TEST_OLD =
  'import { test } from "node:test";\nimport assert from "node:assert/strict";\n\ntest("an old failure nobody fixed yet", () => {\n  assert.equal("old", "fixed");\n});\n';
// Rewrites src/add.js in place, as `ruff check` with `fix = true` or `prettier --write` would.
const FORMATTER =
  'import { readFileSync, writeFileSync } from "node:fs";\nwriteFileSync("src/add.js", readFileSync("src/add.js", "utf8").replace("return", "return  "));\n';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

function project(config: Record<string, unknown>, files: Record<string, string> = {}): TempRepo {
  repo = makeTempRepo({
    "package.json": '{ "name": "target", "type": "module" }\n',
    "src/add.js": ADD_BUGGY,
    "test/add.test.js": TEST_ADD,
    "leash.yaml": stringify({ version: 1, ...config }),
    ...files,
  });
  return repo;
}

const OPENAI_ENV = { LEASH_TEST_OPENAI_KEY: "sk-test-baseline-0123456789" };

let server: ResponsesServer;
const openai = () => ({
  provider: {
    openai: { enabled: true, api_key_env: "LEASH_TEST_OPENAI_KEY", base_url: server.baseURL, max_retries: 0 },
  },
  roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
});
const fixingAnswer = {
  status: 200,
  body: responseBody({
    text: JSON.stringify({
      kind: "unified_diff",
      unified_diff: diffFor(ADD_BUGGY, ADD_FIXED),
      edits: null,
      diagnosis: null,
      classification: null,
    }),
    model: "gpt-5-mini",
  }),
};

/** The CLI with the real provider, not blocking this process's event loop (the server lives here). */
const leash = (r: TempRepo, args: string[]) =>
  runLeashAsync(
    r.root,
    args[0] === "check" ? args : [args[0] as string, "--provider", "openai", ...args.slice(1)],
    OPENAI_ENV,
  );

const fixTask = { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } };

async function expectNothingSpent(r: TempRepo, before: Map<string, Buffer>) {
  expect(server.received).toEqual([]);
  expect(r.snapshot()).toEqual(before);
  expect(r.git("status", "--porcelain")).toBe("");
  // Last: opening the ledger to read it creates the file when the run never did.
  expect(await ledgerRows(r.root)).toEqual([]);
}

describe("stops before any provider call", () => {
  beforeAll(async () => {
    server = await startResponsesServer();
  });
  // Every case is scripted with an answer that would fix the bug: only the stop keeps it unused.
  beforeEach(() => {
    server.received.length = 0;
    server.reply(fixingAnswer);
  });
  afterAll(() => server.close());

  it("the server log is live: with nothing wrong, the same set-up calls it and the answer lands", async () => {
    const r = project({
      ...openai(),
      baseline: "tolerate",
      commands: { unit: { argv: ["node", "--test"], timeout_s: 60 } },
    });
    const result = await leash(r, ["run", writeTask(r, "fix", {})]);
    expect(result.status, result.stderr).toBe(0);
    expect(server.received.length).toBeGreaterThan(0);
    expect(r.read("src/add.js").toString()).toBe(ADD_FIXED);
  });

  it("a validator whose program does not exist: exit 2 in check, plan and run, naming the command and the fix", async () => {
    const r = project({
      ...openai(),
      baseline: "tolerate",
      commands: {
        unit: { argv: ["node", "--test"], timeout_s: 60 },
        lint: { argv: ["ruff-nope", "check"], timeout_s: 60 },
      },
    });
    const task = writeTask(r, "fix", { validators: ["unit", "lint"] });
    const before = r.snapshot();
    for (const args of [
      ["check", task],
      ["plan", task],
      ["run", task],
    ]) {
      const result = await leash(r, args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr).toContain("lint (ruff-nope check): program `ruff-nope` was not found on PATH");
      expect(result.stderr).toContain("[validate.program_missing]");
    }
    expect(existsSync(join(r.root, ".leash", "ledger.sqlite"))).toBe(false);
    expect(existsSync(join(r.root, ".leash", "runs"))).toBe(false);
    await expectNothingSpent(r, before);
  });

  it("a validator failing on the clean tree (baseline: require): exit 2 with its output, no call", async () => {
    const r = project({ ...openai(), commands: { unit: { argv: ["node", "--test"], timeout_s: 60 } } });
    const task = writeTask(r, "fix", {});
    const before = r.snapshot();
    const result = await leash(r, ["run", task]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("validator unit failed (exit 1");
    expect(result.stderr).toContain("on the clean tree");
    expect(result.stderr).toContain("not ok 1 - adds");
    expect(result.stderr).toContain("baseline: tolerate");
    await expectNothingSpent(r, before);
    // The refused run is finished, not left for `leash recover`.
    expect(runLeash(r.root, ["recover"]).stdout).not.toContain("rolled back");
  });

  it("a validator that rewrites the tree: refused, the file restored, a read-only hint, no call", async () => {
    const r = project(
      {
        ...openai(),
        baseline: "tolerate",
        commands: {
          fmt: { argv: ["node", "fmt.mjs"], timeout_s: 60 },
          unit: { argv: ["node", "--test"], timeout_s: 60 },
        },
      },
      { "fmt.mjs": FORMATTER },
    );
    const task = writeTask(r, "fix", { validators: ["fmt", "unit"] });
    const before = r.snapshot();
    const result = await leash(r, ["run", task]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("validator fmt changed the clean tree (src/add.js)");
    expect(result.stderr).toContain("ruff check --no-fix");
    await expectNothingSpent(r, before);
  });
});

describe("the baseline on a run", () => {
  it("is cached by tree and command: the second run on the same tree does not run it again", () => {
    const r = project({
      baseline: "tolerate",
      commands: { unit: { argv: ["node", "--test"], timeout_s: 60 } },
    });
    const task = writeTask(r, "fix", {
      budget: { max_attempts: 1 },
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) }] },
    });
    type Report = { baseline: { validators: { cached: boolean; passed: boolean; failureCount: number }[] } };
    const first = runJson<Report>(r.root, [task]);
    expect(first.status).toBe(1);
    expect(first.report?.baseline.validators).toEqual([
      expect.objectContaining({ cached: false, passed: false, failureCount: 1 }),
    ]);
    const second = runJson<Report>(r.root, [task]);
    expect(second.report?.baseline.validators[0]?.cached).toBe(true);
    expect(second.stderr).toMatch(/baseline \(tolerate\): unit ✗\(1 known\) cached/);
    const skipped = runJson<Report & { baseline: { skipped?: string } }>(r.root, ["--no-baseline", task]);
    expect(skipped.report?.baseline.skipped).toBe("--no-baseline");
    expect(skipped.stderr).toContain("baseline: skipped (--no-baseline)");
  });

  it("tolerate with one known failing test: fixing the target and leaving it is accepted; a new failure is not", async () => {
    const r = project(
      { baseline: "tolerate", commands: { unit: { argv: ["node", "--test"], timeout_s: 60 } } },
      { "test/old.test.js": TEST_OLD },
    );
    const good = writeTask(r, "good", fixTask);
    const accepted = runJson<{ attempts: { validators: { name: string; knownFailures?: number }[] }[] }>(
      r.root,
      [good],
    );
    expect(accepted.status).toBe(0);
    expect(accepted.report?.attempts[0]?.validators[0]).toMatchObject({ name: "unit", knownFailures: 1 });
    r.git("checkout", "--", "src/add.js");

    // Fixes add but breaks a new test: the new failure counts, the old one still does not.
    const breaking = `${ADD_FIXED}export const broken = true;\n`;
    r.write(
      "test/new.test.js",
      'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { broken } from "../src/add.js";\ntest("new", () => assert.equal(broken, false));\n',
    );
    r.commitAll("a test the next patch will break");
    const bad = writeTask(r, "bad", {
      budget: { max_attempts: 1 },
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, breaking) }] },
    });
    const before = r.snapshot();
    const rejected = runJson<{
      attempts: { validators: { name: string; failureCount: number; failures: string[] }[] }[];
    }>(r.root, [bad]);
    expect(rejected.status).toBe(1);
    const unit = rejected.report?.attempts[0]?.validators[0];
    expect(unit?.failureCount).toBe(1);
    expect(unit?.failures.join("\n")).toContain("new");
    expect(r.snapshot()).toEqual(before);
  });
});
