import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRepoConfig } from "../../src/cli/load-repo-config.js";
import { ConfigInvalid } from "../../src/config/file-invalid.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const repos: TempRepo[] = [];
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo(files);
  repos.push(r);
  return r;
}
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe("loadConfig", () => {
  it("reads leash.yaml at the repository root from a subdirectory", async () => {
    const r = repo({ "leash.yaml": "version: 1\nbudget:\n  task_default_usd: 0.25\n", "src/a.ts": "" });
    const loaded = await loadRepoConfig(join(r.root, "src"));
    expect(loaded.repoRoot).toBe(r.root);
    expect(loaded.file).toBe(join(r.root, "leash.yaml"));
    expect(loaded.config.project).toBe(basename(r.root));
    expect(loaded.config.budget.task_default_usd).toBe(0.25);
    expect(loaded.config.budget.project_total_budget_usd).toBe(5);
  });

  it("honours --config relative to the working directory", async () => {
    const r = repo({ "conf/other.yaml": "version: 1\nproject: other\n" });
    const loaded = await loadRepoConfig(r.root, "conf/other.yaml");
    expect(loaded.config.project).toBe("other");
  });

  it("a missing config says to run leash init", async () => {
    const r = repo({ "a.txt": "a" });
    await expect(loadRepoConfig(r.root)).rejects.toMatchObject({
      code: "config.missing",
      exitCode: 2,
      hint: expect.stringContaining("leash init"),
    });
  });

  it("outside a git work tree it is git.not_a_repo", async () => {
    const outside = mkdtempSync(join(tmpdir(), "leash-plain-"));
    try {
      await expect(loadRepoConfig(outside)).rejects.toMatchObject({ code: "git.not_a_repo" });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("throws ConfigInvalid carrying every error with file positions", async () => {
    const r = repo({
      "leash.yaml": "version: 1\nlimits:\n  max_patch_byte: 1\nroles:\n  x: { model: nope, output: patch }\n",
    });
    const error = await loadRepoConfig(r.root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigInvalid);
    const invalid = error as ConfigInvalid;
    expect(invalid.exitCode).toBe(2);
    expect(invalid.errors.map((e) => e.code)).toEqual(["config.unknown_key", "config.model_without_price"]);
    expect(invalid.message).toContain("leash.yaml:3:3");
    expect(invalid.message).toContain("leash.yaml:5:");
  });
});
