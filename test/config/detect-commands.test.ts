import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectCommands } from "../../src/config/detect-commands.js";

const dirs: string[] = [];
function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), "leash-detect-"));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const pkg = (devDependencies: Record<string, string>, scripts: Record<string, string> = {}) =>
  JSON.stringify({ name: "x", devDependencies, scripts });

describe("detectCommands", () => {
  it("TypeScript with biome and vitest", () => {
    const d = detectCommands(
      dir({ "package.json": pkg({ typescript: "5", "@biomejs/biome": "2", vitest: "4" }) }),
    );
    expect(d.languages).toEqual(["typescript"]);
    expect(d.commands["typecheck"]?.argv).toEqual(["npx", "tsc", "--noEmit"]);
    expect(d.commands["lint"]?.argv).toEqual(["npx", "biome", "check", "."]);
    expect(d.commands["unit"]?.argv).toEqual(["npx", "vitest", "run"]);
  });

  it("tsconfig.json alone means TypeScript; eslint config and jest", () => {
    const d = detectCommands(
      dir({
        "tsconfig.json": "{}",
        "package.json": pkg({ jest: "29" }),
        "eslint.config.js": "export default []",
      }),
    );
    expect(d.commands["typecheck"]).toBeDefined();
    expect(d.commands["lint"]?.argv).toEqual(["npx", "eslint", "."]);
    expect(d.commands["unit"]?.argv).toEqual(["npx", "jest", "--ci"]);
  });

  it("JavaScript without TypeScript: lint and unit only, npm test when it is a real script", () => {
    const d = detectCommands(dir({ "package.json": pkg({ eslint: "9" }, { test: "node --test" }) }));
    expect(d.languages).toEqual(["javascript"]);
    expect(Object.keys(d.commands)).toEqual(["lint", "unit"]);
    // The test script's own runner, run directly: `node --test` needs no package manager.
    expect(d.commands["unit"]?.argv).toEqual(["node", "--test"]);
    const stub = detectCommands(
      dir({ "package.json": pkg({}, { test: 'echo "Error: no test specified" && exit 1' }) }),
    );
    expect(stub.commands).toEqual({});
  });

  it("Python: only the tools the project names, read-only, through its interpreter", () => {
    const d = detectCommands(dir({ "requirements-dev.txt": "pytest\nruff\nmypy\n" }));
    expect(d.languages).toEqual(["python"]);
    expect(d.commands["ruff"]?.argv).toEqual(["python3", "-m", "ruff", "check", "--no-fix", "."]);
    expect(d.commands["mypy"]?.argv).toEqual(["python3", "-m", "mypy", "."]);
    expect(d.commands["pytest"]?.argv).toEqual(["python3", "-m", "pytest", "-q"]);
    expect(detectCommands(dir({ "requirements.txt": "pytest\n" })).commands["ruff"]).toBeUndefined();
  });

  it("Python src layout: plain mypy when its config names files, PYTHONPATH=src unless pytest sets pythonpath", () => {
    const root = dir({
      "pyproject.toml":
        '[project]\nname = "calc"\n[tool.ruff]\nfix = true\n[tool.ruff.format]\nquote-style = "double"\n[tool.mypy]\nfiles = ["src/calc"]\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
    });
    mkdirSync(join(root, "src", "calc"), { recursive: true });
    writeFileSync(join(root, "src", "calc", "__init__.py"), "");
    const d = detectCommands(root);
    expect(d.commands["ruff"]?.argv).toEqual(["python3", "-m", "ruff", "check", "--no-fix", "."]);
    expect(d.commands["ruff_format"]?.argv).toEqual(["python3", "-m", "ruff", "format", "--check", "."]);
    expect(d.commands["mypy"]?.argv).toEqual(["python3", "-m", "mypy"]);
    expect(d.commands["pytest"]).toMatchObject({
      argv: ["python3", "-m", "pytest", "-q"],
      env: { PYTHONPATH: "src" },
    });
    writeFileSync(
      join(root, "pyproject.toml"),
      '[tool.pytest.ini_options]\npythonpath = ["src"]\n[tool.mypy]\nstrict = true\n',
    );
    const own = detectCommands(root);
    expect(own.commands["pytest"]?.env).toBeUndefined();
    expect(own.commands["mypy"]?.argv).toEqual(["python3", "-m", "mypy", "src"]);
  });

  it("unittest when there are tests but no pytest", () => {
    const root = dir({ "setup.py": "", "test_a.py": "import unittest\n" });
    expect(detectCommands(root).commands["unittest"]?.argv).toEqual([
      "python3",
      "-m",
      "unittest",
      "discover",
      "-s",
      ".",
      "-t",
      ".",
    ]);
  });

  it("the package manager comes from the lockfile; the runner from the test script", () => {
    const scripts = (test: string) => JSON.stringify({ devDependencies: { vitest: "4" }, scripts: { test } });
    const pnpm = detectCommands(dir({ "package.json": scripts("vitest"), "pnpm-lock.yaml": "" }));
    expect(pnpm.commands["unit"]?.argv).toEqual(["pnpm", "exec", "vitest", "run"]);
    const yarn = detectCommands(dir({ "package.json": scripts("node --test test/"), "yarn.lock": "" }));
    expect(yarn.commands["unit"]?.argv).toEqual(["node", "--test", "test/"]);
    const other = detectCommands(
      dir({ "package.json": scripts("turbo run test"), "package-lock.json": "{}" }),
    );
    expect(other.commands["unit"]?.argv).toEqual(["npm", "test"]);
    const mocha = detectCommands(
      dir({ "package.json": JSON.stringify({ scripts: { test: "mocha --recursive" } }) }),
    );
    expect(mocha.commands["unit"]?.argv).toEqual(["npx", "mocha", "--recursive"]);
  });

  it("prettier is checked, never written", () => {
    const d = detectCommands(dir({ "package.json": pkg({ prettier: "3" }) }));
    expect(d.commands["format"]?.argv).toEqual(["npx", "prettier", "--check", "."]);
  });

  it("nothing recognisable: no commands", () => {
    expect(detectCommands(dir({ "notes.txt": "hi" }))).toEqual({ languages: [], commands: {} });
  });
});
