import { spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { LEASH_BIN as BIN } from "../helpers/leash-cli.js";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo(files);
  repos.push(r);
  return r;
}
function leash(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

const TS_PACKAGE = JSON.stringify({ devDependencies: { typescript: "5", eslint: "9", vitest: "4" } });

describe("leash init", () => {
  it("on a TypeScript repo: detects tsc, eslint and vitest, writes a config and a task that check clean", () => {
    const r = repo({ "package.json": TS_PACKAGE, "README.md": "# x\n" });
    // The project's own tools, as `npm install` leaves them: `npx X` must find X locally (npx
    // ignores PATH, where this suite's own tsc and vitest are).
    for (const tool of ["tsc", "eslint", "vitest"]) {
      r.write(`node_modules/.bin/${tool}`, "#!/bin/sh\nexit 0\n");
      chmodSync(join(r.root, `node_modules/.bin/${tool}`), 0o755);
    }
    const init = leash(r.root, "init", "--no-baseline");
    expect(init.status).toBe(0);
    expect(init.stdout).toContain("detected: typescript");
    const config = r.read("leash.yaml").toString();
    expect(config).toContain("typecheck: { argv: [npx, tsc, --noEmit], timeout_s: 300 }");
    expect(config).toContain("lint: { argv: [npx, eslint, .], timeout_s: 300 }");
    expect(config).toContain("unit: { argv: [npx, vitest, run], timeout_s: 600 }");
    expect(r.read("tasks/example.yaml").toString()).toContain("validators: [typecheck, lint, unit]");
    expect(r.read(".git/info/exclude").toString()).toMatch(/^\.leash\/$/m);
    const check = leash(r.root, "check", "tasks/example.yaml");
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("on a Python repo: ruff, mypy, pytest, read-only, through the interpreter", () => {
    const r = repo({
      "pyproject.toml": "[project]\nname = 'x'\ndependencies = ['pytest', 'ruff', 'mypy']\n",
    });
    expect(leash(r.root, "init", "--no-baseline").status).toBe(0);
    const config = r.read("leash.yaml").toString();
    expect(config).toContain("ruff: { argv: [python3, -m, ruff, check, --no-fix, .], timeout_s: 300 }");
    expect(config).toContain("mypy: { argv: [python3, -m, mypy, .]");
    expect(config).toContain("pytest: { argv: [python3, -m, pytest, -q]");
    expect(leash(r.root, "check", "tasks/example.yaml").status).toBe(0);
  });

  it("with nothing detected, the example task is a diagnosis that still validates", () => {
    const r = repo({ "notes.txt": "hi\n" });
    expect(leash(r.root, "init").status).toBe(0);
    expect(r.read("tasks/example.yaml").toString()).toContain("intent: diagnose");
    expect(leash(r.root, "check", "tasks/example.yaml").status).toBe(0);
  });

  it("refuses to overwrite an existing file (exit 2) and writes nothing at all", () => {
    const r = repo({ "package.json": TS_PACKAGE, "tasks/example.yaml": "mine\n" });
    const before = r.snapshot({ includeLeash: true });
    const exclude = r.read(".git/info/exclude");
    const result = leash(r.root, "init");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("tasks/example.yaml");
    expect(result.stderr).toContain("--force");
    expect(r.snapshot({ includeLeash: true })).toEqual(before);
    expect(r.read(".git/info/exclude")).toEqual(exclude);
  });

  it("--force overwrites", () => {
    const r = repo({ "package.json": TS_PACKAGE, "leash.yaml": "old\n" });
    const result = leash(r.root, "init", "--force");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("overwrote leash.yaml");
    expect(r.read("leash.yaml").toString()).toContain("version: 1");
  });
});
