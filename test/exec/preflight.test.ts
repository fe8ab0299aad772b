import { chmodSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { CommandConfig } from "../../src/config/schema.js";
import { checkPrograms } from "../../src/exec/preflight.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const cmd = (...argv: string[]): CommandConfig => ({ argv, timeout_s: 30 });

function repoWith(files: Record<string, string> = {}) {
  const repo = makeTempRepo({ "package.json": '{"scripts":{"test":"node --test"}}\n', ...files });
  repos.push(repo);
  return repo;
}

describe("checkPrograms", () => {
  it("names a program that is not on PATH, with the fix", async () => {
    const repo = repoWith();
    const problems = await checkPrograms({ lint: cmd("ruff-nope", "check") }, ["lint"], repo.root, repo.root);
    expect(problems).toEqual([
      expect.objectContaining({ command: "lint", reason: "program `ruff-nope` was not found on PATH" }),
    ]);
    expect(problems[0]?.hint).toContain("commands.lint.argv");
  });

  it("npx X needs X in node_modules/.bin (here or above), never a download", async () => {
    const repo = repoWith({ "node_modules/.bin/eslint": "#!/bin/sh\nexit 0\n", "pkg/a/x.txt": "" });
    chmodSync(`${repo.root}/node_modules/.bin/eslint`, 0o755);
    const commands = { lint: cmd("npx", "eslint", "."), unit: cmd("npx", "--yes", "jest-nope") };
    const problems = await checkPrograms(commands, ["lint", "unit"], `${repo.root}/pkg/a`, repo.root);
    expect(problems.map((p) => [p.command, p.reason])).toEqual([
      ["unit", "`jest-nope` is not installed in node_modules/.bin (npx would try to download it)"],
    ]);
  });

  it("npx X does not count a bin that is only on PATH (npx would download a package named X), only npm's global bin", async () => {
    const repo = repoWith({ "tools/bin/onlyonpath": "#!/bin/sh\nexit 0\n" });
    chmodSync(`${repo.root}/tools/bin/onlyonpath`, 0o755);
    const commands = { a: cmd("npx", "onlyonpath"), b: cmd("npm", "exec", "onlyonpath") };
    const path = `${repo.root}/tools/bin:${process.env["PATH"]}`;
    const onPath = { ...process.env, PATH: path, npm_config_prefix: `${repo.root}/nowhere` };
    const problems = await checkPrograms(commands, ["a", "b"], repo.root, repo.root, onPath);
    expect(problems.map((p) => p.command)).toEqual(["a", "b"]);
    // Installed with `npm install -g` (under npm's prefix): that is where npx does look.
    const global = { ...process.env, PATH: path, npm_config_prefix: `${repo.root}/tools` };
    expect(await checkPrograms(commands, ["a", "b"], repo.root, repo.root, global)).toEqual([]);
  });

  it("npm run X needs the script", async () => {
    const repo = repoWith();
    const commands = { a: cmd("npm", "test"), b: cmd("npm", "run", "lint") };
    const problems = await checkPrograms(commands, ["a", "b"], repo.root, repo.root);
    expect(problems.map((p) => [p.command, p.reason])).toEqual([["b", "package.json has no script `lint`"]]);
  });

  it("python -m mod needs mod importable by that interpreter, with the command's env", async () => {
    const repo = repoWith({ "src/mypkg/__init__.py": "" });
    const commands: Record<string, CommandConfig> = {
      ok: cmd("python3", "-m", "json.tool"),
      missing: cmd("python3", "-m", "no_such_module_xyz"),
      local: { ...cmd("python3", "-m", "mypkg"), env: { PYTHONPATH: "src" } },
      bare: cmd("python3", "-m", "mypkg"),
    };
    const problems = await checkPrograms(commands, Object.keys(commands), repo.root, repo.root);
    expect(problems.map((p) => p.command)).toEqual(["missing", "bare"]);
    expect(problems[0]?.reason).toBe("`python3` cannot import `no_such_module_xyz`");
  });

  it("only the names asked about are checked", async () => {
    const repo = repoWith();
    expect(await checkPrograms({ x: cmd("nope-x") }, [], repo.root, repo.root)).toEqual([]);
  });
});
