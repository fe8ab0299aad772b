import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { runLeash } from "../helpers/leash-cli.js";

/**
 * `leash init` on repositories laid out like real ones (test/fixtures/init/): the commands it
 * writes are read-only, respect the project's own config, and pass on the clean tree — verified
 * by init's own baseline run, where the tools exist — and the tree is never changed.
 */

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "init");
const PROJECT_MODULES = join(import.meta.dirname, "..", "..", "node_modules");

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

// Caches the tools write (ignored by the fixtures' .gitignore) are not the tree.
const CACHE = /(^|\/)(__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache)\//;
const visible = (tree: Map<string, Buffer>) => new Map([...tree].filter(([path]) => !CACHE.test(path)));

// init runs every detected command once; on a loaded CI machine that takes a while.
vi.setConfig({ testTimeout: 300_000 });

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

type Commands = Record<string, { argv: string[]; env?: Record<string, string> }>;

function init(fixture: string, extra: Record<string, string> = {}, linkModules = false) {
  repo = makeTempRepo({ ...filesOf(join(FIXTURES, fixture)), ...extra });
  if (linkModules) symlinkSync(PROJECT_MODULES, join(repo.root, "node_modules"));
  const before = visible(repo.snapshot());
  const result = runLeash(repo.root, ["init"]);
  const after = visible(repo.snapshot());
  after.delete("leash.yaml");
  after.delete("tasks/example.yaml");
  const config = parse(repo.read("leash.yaml").toString()) as { commands: Commands };
  return { result, config, unchanged: () => expect(after).toEqual(before), root: repo.root };
}

const pythonTools = ["ruff", "mypy", "pytest"].every(
  (m) => spawnSync("python3", ["-m", m, "--version"], { stdio: "ignore" }).status === 0,
);
if (!pythonTools)
  console.warn("skipping the Python init fixture runs: python3 -m ruff/mypy/pytest are not installed");

describe("leash init on a Python src layout (ruff fix = true, mypy files)", () => {
  it("writes read-only commands that respect the config", () => {
    const { result, config } = init("python-src");
    expect(result.status).toBe(0);
    expect(config.commands["ruff"]?.argv).toEqual(["python3", "-m", "ruff", "check", "--no-fix", "."]);
    expect(config.commands["mypy"]?.argv).toEqual(["python3", "-m", "mypy"]);
    expect(config.commands["pytest"]).toMatchObject({
      argv: ["python3", "-m", "pytest", "-q"],
      env: { PYTHONPATH: "src" },
    });
  });

  it.skipIf(!pythonTools)("every command passes on the clean tree, and the tree is untouched", () => {
    const { result, unchanged } = init("python-src");
    for (const name of ["ruff", "mypy", "pytest"])
      expect(result.stdout).toMatch(new RegExp(`command ${name}: .* — passes on the clean tree`));
    expect(readFileSync(join(repo!.root, "tasks/example.yaml"), "utf8")).toContain(
      "validators: [ruff, mypy, pytest]",
    );
    unchanged();
  });

  it.skipIf(!pythonTools)(
    "a fixable lint issue is reported, never fixed (fix = true notwithstanding)",
    () => {
      const dirty = "import os\n\n\ndef helper() -> int:\n    return 1\n";
      const { result, unchanged } = init("python-src", { "src/calc/extra.py": dirty });
      expect(result.stdout).toMatch(/command ruff: .* — fails on the clean tree \(1 failure\)/);
      expect(repo!.read("src/calc/extra.py").toString()).toBe(dirty);
      unchanged();
    },
  );
});

describe("leash init on JavaScript and TypeScript packages", () => {
  it("vitest + biome + TypeScript: passes on the clean tree with the project's own tools", () => {
    const { result, config, unchanged } = init("vitest-biome-ts", {}, true);
    expect(config.commands).toEqual({
      typecheck: expect.objectContaining({ argv: ["npx", "tsc", "--noEmit"] }),
      lint: expect.objectContaining({ argv: ["npx", "biome", "check", "."] }),
      unit: expect.objectContaining({ argv: ["npx", "vitest", "run"] }),
    });
    for (const name of ["typecheck", "lint", "unit"])
      expect(result.stdout).toMatch(new RegExp(`command ${name}: .* — passes on the clean tree`));
    unchanged();
  });

  it("jest + eslint: eslint without --fix, jest --ci (no snapshot writes); says honestly that they are not installed", () => {
    const { result, config, unchanged } = init("jest-eslint");
    expect(config.commands["lint"]?.argv).toEqual(["npx", "eslint", "."]);
    expect(config.commands["unit"]?.argv).toEqual(["npx", "jest", "--ci"]);
    // jest and eslint are not installed here (no download at test time): init says so, per command.
    expect(result.stdout).toMatch(/command lint: npx eslint \. — cannot run: `eslint` is not installed/);
    expect(result.stdout).toMatch(/command unit: npx jest --ci — cannot run: `jest` is not installed/);
    expect(readFileSync(join(repo!.root, "tasks/example.yaml"), "utf8")).toContain("intent: diagnose");
    unchanged();
  });

  it("a pnpm workspace: pnpm from the lockfile, the root test script, tsc from the root", () => {
    const { result, config, unchanged } = init("pnpm-workspace");
    expect(config.commands["typecheck"]?.argv).toEqual(["pnpm", "exec", "tsc", "--noEmit"]);
    expect(config.commands["unit"]?.argv).toEqual(["pnpm", "test"]);
    const pnpm = spawnSync("pnpm", ["--version"], { stdio: "ignore" }).status === 0;
    if (!pnpm) {
      console.warn("pnpm is not installed: the workspace fixture's commands are checked for shape only");
      expect(result.stdout).toMatch(/command unit: pnpm test — cannot run: program `pnpm` was not found/);
    }
    unchanged();
  });
});
