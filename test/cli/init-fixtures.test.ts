import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { runLeash } from "../helpers/leash-cli.js";

/**
 * `leash init` on repositories laid out like real ones (test/fixtures/init/): the commands it
 * writes are read-only, respect the project's own config, and pass on the clean tree — verified
 * by init's own baseline run with the real tools (the JavaScript ones are Leash's devDependencies;
 * the Python ones are skipped where python3 lacks them) — and the tree is never changed.
 */

// The fixtures name their own vitest tests *.spec.ts so that Leash's suite (test/**/*.test.ts) does
// not pick them up as its own.
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

// Caches the tools write (ignored by the fixtures' .gitignore) are not the tree: vitest keeps its
// results under the nearest package's node_modules/.vite.
const CACHE = /(^|\/)(__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|node_modules\/\.vite)\//;
const visible = (tree: Map<string, Buffer>) => new Map([...tree].filter(([path]) => !CACHE.test(path)));

// init runs every detected command once; on a loaded CI machine that takes a while.
vi.setConfig({ testTimeout: 300_000 });

let repo: TempRepo | undefined;
const cleanups: (() => void)[] = [];
afterEach(() => {
  repo?.cleanup();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Commands = Record<string, { argv: string[]; env?: Record<string, string> }>;

interface InitOptions {
  /** The fixture's node_modules is Leash's own (jest, eslint, vitest, biome, tsc, pnpm are devDependencies). */
  linkModules?: boolean;
  /** pnpm on PATH as an operator's global install would be: only the pnpm binary, nothing else. */
  pnpmOnPath?: boolean;
}

function init(fixture: string, extra: Record<string, string> = {}, options: InitOptions = {}) {
  repo = makeTempRepo({ ...filesOf(join(FIXTURES, fixture)), ...extra });
  if (options.linkModules) symlinkSync(PROJECT_MODULES, join(repo.root, "node_modules"));
  const env: Record<string, string> = {};
  const front: string[] = [];
  if (options.pnpmOnPath) {
    const bin = mkdtempSync(join(tmpdir(), "leash-pnpm-bin-"));
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    symlinkSync(join(PROJECT_MODULES, ".bin", "pnpm"), join(bin, "pnpm"));
    front.push(bin);
  }
  if (options.linkModules) {
    // The linked node_modules is Leash's own, which may sit where bubblewrap hides the host (a
    // clone under /tmp or a home directory): these runs take sandbox: auto's unsandboxed
    // fallback, through a bwrap that cannot start. init-sandbox.test.ts covers the sandbox.
    const shim = mkdtempSync(join(tmpdir(), "leash-no-bwrap-"));
    cleanups.push(() => rmSync(shim, { recursive: true, force: true }));
    writeFileSync(join(shim, "bwrap"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    front.push(shim);
  }
  if (front.length > 0) env["PATH"] = [...front, process.env["PATH"] ?? ""].join(delimiter);
  const before = visible(repo.snapshot());
  const result = runLeash(repo.root, ["init"], env);
  if (options.linkModules)
    expect(result.stderr).toMatch(/^warning: validators run unsandboxed \(sandbox: auto;/m);
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
  console.warn(
    "python3 -m ruff/mypy/pytest are not installed: the Python fixture is checked for shape only, its runs are skipped",
  );

describe("leash init on a Python src layout (ruff fix = true, mypy files)", () => {
  // One init run for both: where the tools exist, its baseline is the proof that they pass.
  it("writes read-only commands that respect the config; each passes on the clean tree, untouched", () => {
    const { result, config, unchanged } = init("python-src");
    expect(result.status).toBe(0);
    expect(config.commands["ruff"]?.argv).toEqual(["python3", "-m", "ruff", "check", "--no-fix", "."]);
    expect(config.commands["mypy"]?.argv).toEqual(["python3", "-m", "mypy"]);
    expect(config.commands["pytest"]).toMatchObject({
      argv: ["python3", "-m", "pytest", "-q"],
      env: { PYTHONPATH: "src" },
    });
    if (pythonTools) {
      for (const name of ["ruff", "mypy", "pytest"])
        expect(result.stdout).toMatch(new RegExp(`command ${name}: .* — passes on the clean tree`));
      expect(readFileSync(join(repo!.root, "tasks/example.yaml"), "utf8")).toContain(
        "validators: [ruff, mypy, pytest]",
      );
    }
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
    const { result, config, unchanged } = init("vitest-biome-ts", {}, { linkModules: true });
    expect(config.commands).toEqual({
      typecheck: expect.objectContaining({ argv: ["npx", "tsc", "--noEmit"] }),
      lint: expect.objectContaining({ argv: ["npx", "biome", "check", "."] }),
      unit: expect.objectContaining({ argv: ["npx", "vitest", "run"] }),
    });
    for (const name of ["typecheck", "lint", "unit"])
      expect(result.stdout).toMatch(new RegExp(`command ${name}: .* — passes on the clean tree`));
    unchanged();
  });

  it("jest + eslint: eslint without --fix and jest --ci, both pass on the clean tree", () => {
    const { result, config, unchanged } = init("jest-eslint", {}, { linkModules: true });
    expect(config.commands).toEqual({
      lint: expect.objectContaining({ argv: ["npx", "eslint", "."] }),
      unit: expect.objectContaining({ argv: ["npx", "jest", "--ci"] }),
    });
    for (const name of ["lint", "unit"])
      expect(result.stdout).toMatch(new RegExp(`command ${name}: .* — passes on the clean tree`));
    unchanged();
  });

  it("jest + eslint: a fixable lint problem and a new snapshot are reported, never written", () => {
    // jest-eslint-problems/ adds a prefer-const problem (fixable: the project's own lint script
    // says `eslint --fix`) and a first toMatchSnapshot (plain `jest` writes it; `jest --ci` must not).
    const problems = filesOf(join(FIXTURES, "jest-eslint-problems"));
    const { result, unchanged } = init("jest-eslint", problems, { linkModules: true });
    expect(result.stdout).toMatch(
      /command lint: npx eslint \. — fails on the clean tree \(1 failure\):.*prefer-const/,
    );
    expect(result.stdout).toMatch(/command unit: npx jest --ci — fails on the clean tree \(1 failure\)/);
    expect(repo!.read("src/label.js").toString()).toBe(problems["src/label.js"]);
    expect(existsSync(join(repo!.root, "test", "__snapshots__"))).toBe(false);
    unchanged();
  });

  it("a pnpm workspace: pnpm from the lockfile, the root test script, tsc from the root, run by pnpm", () => {
    const { result, config, unchanged } = init("pnpm-workspace", {}, { linkModules: true, pnpmOnPath: true });
    expect(config.commands).toEqual({
      typecheck: expect.objectContaining({ argv: ["pnpm", "exec", "tsc", "--noEmit"] }),
      unit: expect.objectContaining({ argv: ["pnpm", "test"] }),
    });
    for (const name of ["typecheck", "unit"])
      expect(result.stdout).toMatch(new RegExp(`command ${name}: .* — passes on the clean tree`));
    unchanged();
  });
});
