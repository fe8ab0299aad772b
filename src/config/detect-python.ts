import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { hasSection, sectionKeys } from "./ini-keys.js";
import type { CommandConfig } from "./schema.js";

const read = (root: string, name: string) => {
  try {
    return readFileSync(join(root, name), "utf8");
  } catch {
    return "";
  }
};
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const names = (dir: string) => (isDir(dir) ? readdirSync(dir) : []);

export function isPythonProject(root: string): boolean {
  return (
    ["pyproject.toml", "setup.py", "setup.cfg"].some((f) => existsSync(join(root, f))) ||
    names(root).some((n) => /^requirements.*\.txt$/.test(n))
  );
}

/**
 * Python validators the way the project itself runs them (SPEC §2 `init`): through the
 * project's interpreter (`.venv/bin/python` when there is one), read-only (`ruff check --no-fix`
 * even when the config sets `fix = true`), mypy on the files its own config names, and tests
 * that import the working tree (PYTHONPATH=src for a src layout without a `pythonpath` setting).
 */
export function detectPython(root: string): Record<string, CommandConfig> {
  const pyproject = sectionKeys(read(root, "pyproject.toml"));
  const setupCfg = sectionKeys(read(root, "setup.cfg"));
  const mypyIni = sectionKeys(read(root, existsSync(join(root, "mypy.ini")) ? "mypy.ini" : ".mypy.ini"));
  const pytestIni = sectionKeys(read(root, "pytest.ini"));
  const toxIni = sectionKeys(read(root, "tox.ini"));
  const mentions = [
    read(root, "pyproject.toml"),
    read(root, "setup.cfg"),
    ...names(root)
      .filter((n) => /^requirements.*\.txt$/.test(n))
      .map((n) => read(root, n)),
  ].join("\n");
  const mentioned = (tool: string) => new RegExp(`["'\\s,\\[]${tool}\\b`, "i").test(`\n${mentions}`);
  const venv = [".venv/bin/python", "venv/bin/python"].find((p) => existsSync(join(root, p)));
  const py = venv ?? "python3";
  const commands: Record<string, CommandConfig> = {};
  const srcLayout =
    isDir(join(root, "src")) && names(join(root, "src")).some((n) => isPackageOrModule(root, `src/${n}`));

  const ruffConfigured =
    hasSection(pyproject, "tool.ruff") ||
    existsSync(join(root, "ruff.toml")) ||
    existsSync(join(root, ".ruff.toml"));
  if (ruffConfigured || mentioned("ruff")) {
    commands["ruff"] = { argv: [py, "-m", "ruff", "check", "--no-fix", "."], timeout_s: 300 };
    const ruffToml = sectionKeys(
      read(root, existsSync(join(root, "ruff.toml")) ? "ruff.toml" : ".ruff.toml"),
    );
    if (hasSection(pyproject, "tool.ruff.format") || hasSection(ruffToml, "format"))
      commands["ruff_format"] = { argv: [py, "-m", "ruff", "format", "--check", "."], timeout_s: 300 };
  }

  const mypyKeys =
    pyproject.get("tool.mypy") ??
    mypyIni.get("mypy") ??
    setupCfg.get("mypy") ??
    (mentioned("mypy") ? new Set<string>() : undefined);
  if (mypyKeys !== undefined) {
    // The project's own `files` decides what is checked; `mypy .` would override it.
    const targets = mypyKeys.has("files") ? [] : srcLayout ? ["src"] : topPackages(root);
    commands["mypy"] = { argv: [py, "-m", "mypy", ...(targets.length ? targets : ["."])], timeout_s: 600 };
    if (mypyKeys.has("files")) commands["mypy"].argv = [py, "-m", "mypy"];
  }

  const pytestKeys =
    pyproject.get("tool.pytest.ini_options") ??
    pytestIni.get("pytest") ??
    toxIni.get("pytest") ??
    setupCfg.get("tool:pytest");
  const usesPytest = pytestKeys !== undefined || existsSync(join(root, "conftest.py")) || mentioned("pytest");
  const env = srcLayout && !pytestKeys?.has("pythonpath") ? { env: { PYTHONPATH: "src" } } : {};
  if (usesPytest) {
    commands["pytest"] = { argv: [py, "-m", "pytest", "-q"], timeout_s: 900, ...env };
  } else if (hasTestFiles(root)) {
    const start = isDir(join(root, "tests")) ? "tests" : isDir(join(root, "test")) ? "test" : ".";
    commands["unittest"] = {
      argv: [py, "-m", "unittest", "discover", "-s", start, "-t", "."],
      timeout_s: 900,
      ...(srcLayout ? { env: { PYTHONPATH: "src" } } : {}),
    };
  }
  return commands;
}

function isPackageOrModule(root: string, rel: string): boolean {
  const full = join(root, rel);
  return rel.endsWith(".py") || (isDir(full) && existsSync(join(full, "__init__.py")));
}

/** Top-level packages (not tests): what mypy should check when nothing says otherwise. */
function topPackages(root: string): string[] {
  return names(root)
    .filter((n) => !/^(tests?|docs?|build|dist|\..*|venv)$/.test(n))
    .filter((n) => isDir(join(root, n)) && existsSync(join(root, n, "__init__.py")))
    .sort();
}

function hasTestFiles(root: string): boolean {
  const look = (dir: string) => names(join(root, dir)).some((n) => /^test_.*\.py$|_test\.py$/.test(n));
  return look(".") || look("tests") || look("test");
}
