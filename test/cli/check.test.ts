import { spawnSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { LEASH_BIN as BIN } from "../helpers/leash-cli.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo(files);
  repos.push(r);
  // The config's tools as `npm install` leaves them: preflight wants `npx tsc` to find tsc in the
  // repository (npx ignores PATH, where this suite's own tsc and vitest are).
  for (const tool of ["tsc", "vitest"]) {
    r.write(`node_modules/.bin/${tool}`, "#!/bin/sh\nexit 0\n");
    chmodSync(join(r.root, "node_modules", ".bin", tool), 0o755);
  }
  return r;
}
function leash(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

const CONFIG = `version: 1
commands:
  typecheck: { argv: [npx, tsc, --noEmit], timeout_s: 300 }
  unit: { argv: [npx, vitest, run], timeout_s: 600 }
`;
const TASK = `version: 1
goal: make it work
intent: bugfix
allowed_files: [src/a.ts]
validators: [typecheck, unit]
`;

/** Runs `leash check` expecting exit 2, and asserts the repository is byte-identical afterwards. */
function checkFails(r: TempRepo, ...args: string[]) {
  const before = r.snapshot({ includeLeash: true });
  const status = r.git("status", "--porcelain");
  const result = leash(r.root, "check", ...args);
  expect(result.status).toBe(2);
  expect(r.snapshot({ includeLeash: true })).toEqual(before);
  expect(r.git("status", "--porcelain")).toBe(status);
  expect(existsSync(join(r.root, ".leash"))).toBe(false);
  expect(result.stdout).toBe("");
  return result.stderr;
}

describe("leash check", () => {
  it("a good config and task: exit 0 with a summary", () => {
    const r = repo({ "leash.yaml": CONFIG, "tasks/t.yaml": TASK, "src/a.ts": "" });
    const result = leash(r.root, "check", "tasks/t.yaml");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("leash.yaml: ok");
    expect(result.stdout).toContain("commands: typecheck, unit");
    expect(result.stdout).toContain("tasks: 1 ok (t)");
  });

  it("a typo'd key: file:line:col and did-you-mean", () => {
    const r = repo({ "leash.yaml": `${CONFIG}limits:\n  max_patch_byte: 100\n` });
    const stderr = checkFails(r);
    expect(stderr).toContain("leash.yaml:6:3: limits.max_patch_byte: unknown key");
    expect(stderr).toContain("did you mean `max_patch_bytes`?");
    expect(stderr).toContain("[config.unknown_key]");
  });

  it("a wrong type: expected and found, with a hint", () => {
    const r = repo({ "leash.yaml": `${CONFIG}budget:\n  task_default_usd: [1]\n` });
    const stderr = checkFails(r);
    expect(stderr).toMatch(/leash\.yaml:6:21: budget\.task_default_usd: expected a number, found a list/);
    expect(stderr).toContain("hint: write `budget.task_default_usd` as a number");
  });

  it("a loosened task limit names the config's value and file", () => {
    const r = repo({ "leash.yaml": CONFIG, "tasks/t.yaml": `${TASK}budget:\n  max_usd: 2\n` });
    const stderr = checkFails(r, "tasks/t.yaml");
    expect(stderr).toContain("tasks/t.yaml:7:12: budget.max_usd: budget.max_usd is 2, above the config's");
    expect(stderr).toContain("budget.task_default_usd = 0.5 (leash.yaml)");
    expect(stderr).toContain("hint: lower budget.max_usd to at most 0.5");
  });

  it("unknown role, unpriced model and unknown command are all reported in one run", () => {
    const r = repo({
      "leash.yaml": `${CONFIG}roles:\n  general_builder: { model: gpt-6 }\nrouting:\n  reviewer: frontier\n`,
    });
    const stderr = checkFails(r);
    expect(stderr).toContain("[config.model_without_price]");
    expect(stderr).toContain("[config.unknown_role]");
    expect(stderr).toContain("2 problems found");

    const good = repo({
      "leash.yaml": CONFIG,
      "t.yaml": TASK.replace("[typecheck, unit]", "[typecheck, lint]"),
    });
    const taskErr = checkFails(good, "t.yaml");
    expect(taskErr).toContain("t.yaml:5:25: validators.1: validator `lint` is not a command in the config");
    expect(taskErr).toContain("known commands: typecheck, unit");
    expect(taskErr).toContain("leash.yaml: ok; tasks: 0 ok, 1 invalid");
  });

  it("a command whose program is missing: the config is not called ok in the summary", () => {
    const r = repo({
      "leash.yaml": `${CONFIG}  lint: { argv: [no-such-linter-here, .], timeout_s: 60 }\n`,
      "tasks/t.yaml": TASK,
      "src/a.ts": "",
    });
    const stderr = checkFails(r, "tasks/t.yaml");
    expect(stderr).toContain("[validate.program_missing]");
    expect(stderr).toContain("leash.yaml: 1 command cannot start; tasks: 1 ok, 0 invalid");
  });

  it("--config points at another file; a missing config says to run init", () => {
    const r = repo({ "conf/leash.yaml": CONFIG });
    expect(leash(r.root, "check", "--config", "conf/leash.yaml").status).toBe(0);
    const stderr = checkFails(r);
    expect(stderr).toContain("[config.missing]");
    expect(stderr).toContain("leash init");
  });

  it("the fixtures: every good file checks clean, every bad one fails", () => {
    const r = repo({ "src/duration.ts": "", "test/duration.test.ts": "" });
    const ok = leash(
      r.root,
      "check",
      "--config",
      join(FIXTURES, "config", "good.yaml"),
      join(FIXTURES, "tasks", "good.yaml"),
    );
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const bad = leash(
      r.root,
      "check",
      "--config",
      join(FIXTURES, "config", "good.yaml"),
      join(FIXTURES, "tasks", "bad.yaml"),
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("[task.unknown_key]");
    expect(bad.stderr).toContain("[task.loosens_limit]");
  });
});
