import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findOnPath } from "../../src/exec/sandbox-check.js";
import { bwrapSkipReason } from "../helpers/bwrap.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { LEASH_BIN } from "../helpers/leash-cli.js";

/**
 * `leash init` runs the commands it detected once, on the repository's own say-so (its test
 * script): as the config it writes will run them, under `sandbox: auto`. The probe is a test
 * file that passes only when it cannot read a file planted in the real home directory.
 */

const skipReason = bwrapSkipReason();
if (skipReason) console.warn(`test/cli/init-sandbox.test.ts: the sandboxed case is skipped: ${skipReason}`);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function plantedRepo(): { repo: TempRepo; planted: string } {
  const dir = mkdtempSync(join(homedir(), ".leash-init-probe-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const planted = join(dir, "credentials");
  writeFileSync(planted, "not for a test script\n");
  const repo = makeTempRepo({
    "package.json": JSON.stringify({ name: "probe", scripts: { test: "node --test" } }),
    "test/home.test.js": [
      'const { test } = require("node:test");',
      'const { readFileSync } = require("node:fs");',
      `test("the home directory is out of reach", () => {`,
      "  let read = false;",
      `  try { readFileSync(${JSON.stringify(planted)}); read = true; } catch {}`,
      '  if (read) throw new Error("read a file in the home directory");',
      "});",
      "",
    ].join("\n"),
  });
  cleanups.push(() => repo.cleanup());
  return { repo, planted };
}

function init(cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [LEASH_BIN, "init"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
}

describe("leash init runs the detected commands under the sandbox its config names", () => {
  it.skipIf(skipReason !== undefined)("a test script cannot read the home directory", () => {
    const { repo } = plantedRepo();
    const r = init(repo.root);
    // Named as it starts: a real test suite can take minutes.
    expect(r.stderr).toMatch(
      /^running the detected commands on the clean tree \(--no-baseline skips this\):\n {2}unit: node --test \(up to \d+ s\)\n$/,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/command unit: node --test — passes on the clean tree/);
    expect(repo.read("leash.yaml").toString()).toContain("default: auto");
    // Nothing left for a run to reuse: its own baseline scans output with its own secrets.
    expect(existsSync(join(repo.root, ".leash", "baseline"))).toBe(false);
  });

  it("where bubblewrap cannot run, says so before running them unsandboxed", () => {
    const { repo } = plantedRepo();
    // A PATH with node and git but no bwrap: `sandbox: auto` falls back, visibly.
    const bin = mkdtempSync(join(tmpdir(), "leash-init-path-"));
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, "node"));
    const git = findOnPath("git", process.env.PATH);
    if (!git) throw new Error("git is not on PATH");
    symlinkSync(git, join(bin, "git"));
    const r = init(repo.root, { PATH: bin });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: validators run unsandboxed \(sandbox: auto; .*\): unit can read your home/m,
    );
    expect(r.stdout).toMatch(/command unit: node --test — fails on the clean tree/);
  });
});
