import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
    expect(d.commands["unit"]?.argv).toEqual(["npx", "jest"]);
  });

  it("JavaScript without TypeScript: lint and unit only, npm test when it is a real script", () => {
    const d = detectCommands(dir({ "package.json": pkg({ eslint: "9" }, { test: "node --test" }) }));
    expect(d.languages).toEqual(["javascript"]);
    expect(Object.keys(d.commands)).toEqual(["lint", "unit"]);
    expect(d.commands["unit"]?.argv).toEqual(["npm", "test"]);
    const stub = detectCommands(
      dir({ "package.json": pkg({}, { test: 'echo "Error: no test specified" && exit 1' }) }),
    );
    expect(stub.commands).toEqual({});
  });

  it("Python: ruff, mypy, pytest", () => {
    const d = detectCommands(dir({ "requirements-dev.txt": "pytest\n" }));
    expect(d.languages).toEqual(["python"]);
    expect(d.commands["ruff"]?.argv).toEqual(["ruff", "check", "."]);
    expect(d.commands["mypy"]?.argv).toEqual(["mypy", "."]);
    expect(d.commands["pytest"]?.argv).toEqual(["python3", "-m", "pytest", "-q"]);
  });

  it("nothing recognisable: no commands", () => {
    expect(detectCommands(dir({ "notes.txt": "hi" }))).toEqual({ languages: [], commands: {} });
  });
});
