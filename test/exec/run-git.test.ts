import { afterEach, describe, expect, it } from "vitest";
import { runGit } from "../../src/exec/run-git.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe("runGit", () => {
  it("returns blob bytes untouched and a failure as data", async () => {
    const bytes = Buffer.from([0xff, 0x00, 0x0d, 0x0a, 0x80]);
    const repo = makeTempRepo({ "raw.bin": bytes });
    repos.push(repo);
    const ok = await runGit(["cat-file", "blob", "HEAD:raw.bin"], { cwd: repo.root });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout.equals(bytes)).toBe(true);
    const bad = await runGit(["cat-file", "blob", "HEAD:missing"], { cwd: repo.root });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/missing|does not exist|not a valid/i);
  });

  it("runs with a scrubbed env, LC_ALL=C and no terminal prompt, plus the caller's variables", async () => {
    const repo = makeTempRepo({ "a.txt": "a\n" });
    repos.push(repo);
    process.env.LEASH_TEST_TOKEN = "secret";
    try {
      // The test's own alias: git runs `env` as its child, so we see exactly what git was given.
      const r = await runGit(["-c", "alias.envdump=!env", "envdump"], {
        cwd: repo.root,
        env: { EXTRA_VAR: "yes" },
      });
      const seen = r.stdout.toString("utf8");
      expect(seen).not.toContain("LEASH_TEST_TOKEN");
      expect(seen).toMatch(/^LC_ALL=C$/m);
      expect(seen).toMatch(/^GIT_TERMINAL_PROMPT=0$/m);
      expect(seen).toMatch(/^EXTRA_VAR=yes$/m);
    } finally {
      delete process.env.LEASH_TEST_TOKEN;
    }
  });

  it("throws git.unavailable when the working directory does not exist", async () => {
    await expect(runGit(["status"], { cwd: "/nonexistent/leash-dir" })).rejects.toMatchObject({
      code: "git.unavailable",
    });
  });
});
