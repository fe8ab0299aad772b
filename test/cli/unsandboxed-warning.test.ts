import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";

/**
 * `sandbox: auto` where bubblewrap cannot build a sandbox (a kernel without user namespaces,
 * simulated by a `bwrap` first on PATH that fails as such a kernel makes it fail): validators run
 * unsandboxed, and check, plan and the run report say so; `sandbox: none` is the deliberate
 * choice and says nothing.
 */

let repo: TempRepo | undefined;
let bin: string;
let env: Record<string, string>;
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), "leash-nobwrap-"));
  const fake = join(bin, "bwrap");
  writeFileSync(fake, "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
  chmodSync(fake, 0o755);
  env = { PATH: `${bin}:${process.env.PATH ?? ""}` };
});
afterEach(() => {
  repo?.cleanup();
  rmSync(bin, { recursive: true, force: true });
});

function project(sandbox: "auto" | "none"): { repo: TempRepo; task: string } {
  const r = makeJsProject({ sandbox: { default: sandbox } });
  const task = writeTask(r, "fix", {
    fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
  });
  return { repo: r, task };
}

describe("validators that cannot be sandboxed under sandbox: auto", () => {
  it("check, plan and the run report warn, and the run still works unsandboxed", () => {
    const p = project("auto");
    repo = p.repo;
    const check = runLeash(repo.root, ["check", p.task], env);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/warning: validators run unsandboxed \(sandbox: auto; .*No permissions/);
    expect(check.stderr).toContain("sandbox.default: none");

    const plan = runLeash(repo.root, ["plan", "--json", p.task], env);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stderr).toContain("warning: validators run unsandboxed");
    expect((JSON.parse(plan.stdout) as { warnings: string[] }).warnings).toEqual([
      expect.stringContaining("validators run unsandboxed"),
    ]);

    const run = runLeash(repo.root, ["run", "--json", p.task], env);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { runId: string; warnings?: string[] };
    expect(report.warnings).toEqual([expect.stringContaining("validators run unsandboxed")]);
    const text = runLeash(repo.root, ["show", report.runId], env);
    expect(`${text.stdout}${text.stderr}`).toContain("warning: validators run unsandboxed");
  });

  it("sandbox: none is deliberate: no warning anywhere", () => {
    const p = project("none");
    repo = p.repo;
    const check = runLeash(repo.root, ["check", p.task], env);
    expect(check.status).toBe(0);
    expect(check.stderr).not.toContain("unsandboxed");
    const plan = runLeash(repo.root, ["plan", "--json", p.task], env);
    expect((JSON.parse(plan.stdout) as { warnings: string[] }).warnings).toEqual([]);
    const run = runLeash(repo.root, ["run", "--json", p.task], env);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { warnings?: string[] }).warnings).toBeUndefined();
  });
});
