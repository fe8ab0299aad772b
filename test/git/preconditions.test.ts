import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkPreconditions } from "../../src/git/preconditions.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
const repo = (files: Record<string, string> = { "src/a.ts": "a\n", "docs/x.md": "x\n" }, commit = true) => {
  const r = makeTempRepo(files, { commit });
  repos.push(r);
  return r;
};
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code: string }) => e.code,
  );

describe("checkPreconditions", () => {
  it("accepts a clean repo and dirt outside the allowed globs", async () => {
    const r = repo();
    r.write("docs/x.md", "changed\n");
    r.write("notes.txt", "untracked\n");
    expect(
      await codeOf(checkPreconditions({ repoRoot: r.root, allowedGlobs: ["src/**"], allowDirty: false })),
    ).toBe("ok");
  });

  it("refuses a directory that is not a work tree", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leash-nogit-"));
    try {
      expect(await codeOf(checkPreconditions({ repoRoot: dir, allowedGlobs: [], allowDirty: false }))).toBe(
        "git.not_a_work_tree",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a repository with no commits", async () => {
    const r = repo({}, false);
    expect(await codeOf(checkPreconditions({ repoRoot: r.root, allowedGlobs: [], allowDirty: false }))).toBe(
      "git.no_commits",
    );
  });

  it.each([
    ["MERGE_HEAD", "git.merge_in_progress"],
    ["CHERRY_PICK_HEAD", "git.cherry_pick_in_progress"],
    ["REVERT_HEAD", "git.revert_in_progress"],
    ["BISECT_LOG", "git.bisect_in_progress"],
  ])("refuses when %s is present", async (marker, code) => {
    const r = repo();
    writeFileSync(join(r.root, ".git", marker), `${r.git("rev-parse", "HEAD")}`);
    expect(await codeOf(checkPreconditions({ repoRoot: r.root, allowedGlobs: [], allowDirty: false }))).toBe(
      code,
    );
  });

  it("refuses a real merge in progress", async () => {
    const r = repo({ "f.txt": "base\n" });
    r.git("checkout", "-q", "-b", "other");
    r.write("f.txt", "other\n");
    r.commitAll("other");
    r.git("checkout", "-q", "main");
    r.write("f.txt", "main\n");
    r.commitAll("main");
    expect(() => r.git("merge", "-q", "other")).toThrow();
    expect(await codeOf(checkPreconditions({ repoRoot: r.root, allowedGlobs: [], allowDirty: true }))).toBe(
      "git.merge_in_progress",
    );
  });

  it("refuses a rebase in progress", async () => {
    const r = repo();
    mkdirSync(join(r.root, ".git", "rebase-merge"));
    expect(await codeOf(checkPreconditions({ repoRoot: r.root, allowedGlobs: [], allowDirty: false }))).toBe(
      "git.rebase_in_progress",
    );
  });

  it.each([
    ["unstaged", (r: TempRepo) => r.write("src/a.ts", "changed\n")],
    [
      "staged",
      (r: TempRepo) => {
        r.write("src/a.ts", "changed\n");
        r.git("add", "src/a.ts");
      },
    ],
    ["untracked", (r: TempRepo) => r.write("src/.hidden/new.ts", "new\n")],
  ])("refuses %s changes to allowed files unless allowDirty", async (_kind, dirty) => {
    const r = repo();
    dirty(r);
    const err = await checkPreconditions({
      repoRoot: r.root,
      allowedGlobs: ["src/**"],
      allowDirty: false,
    }).catch((e: { code: string; message: string; hint: string }) => e);
    expect(err).toMatchObject({ code: "git.dirty_allowed_files" });
    expect((err as { message: string }).message).toMatch(/src\/(a\.ts|\.hidden\/new\.ts)/);
    expect((err as { hint: string }).hint).toContain("--allow-dirty");
    expect(
      await codeOf(checkPreconditions({ repoRoot: r.root, allowedGlobs: ["src/**"], allowDirty: true })),
    ).toBe("ok");
  });

  it("names Leash's own files that git tracks once they have changed (the ledger put back by a stash)", async () => {
    const r = repo({ "src/a.ts": "a\n", ".leash/ledger.sqlite": "v1", ".leash/runs/x/state.json": "{}" });
    const clean = await checkPreconditions({ repoRoot: r.root, allowedGlobs: ["src/**"], allowDirty: false });
    expect(clean.trackedState).toEqual([]);
    r.write(".leash/ledger.sqlite", "v2");
    r.write(".leash/new-untracked.json", "{}");
    const changed = await checkPreconditions({
      repoRoot: r.root,
      allowedGlobs: ["src/**"],
      allowDirty: false,
    });
    expect(changed.trackedState).toEqual([".leash/ledger.sqlite"]);
  });
});
