import {
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureLeashExcluded } from "../../src/git/exclude.js";
import { findRepoRoot, prefetchRepoFacts, readRepoFacts } from "../../src/git/repo-facts.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const repos: TempRepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** A fresh directory under the system's temp dir, removed after the test. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

describe("findRepoRoot", () => {
  it("finds the top from a subdirectory", async () => {
    const r = makeTempRepo({ "a/b/c.txt": "c\n" });
    repos.push(r);
    expect(await findRepoRoot(join(r.root, "a", "b"))).toBe(realpathSync(r.root));
  });

  it("refuses a directory outside any work tree", async () => {
    const dir = tempDir("leash-nogit-");
    await expect(findRepoRoot(dir)).rejects.toMatchObject({ code: "git.not_a_repo" });
    await expect(findRepoRoot(join(dir, "missing"))).rejects.toMatchObject({ code: "git.not_a_repo" });
  });
});

describe("readRepoFacts", () => {
  // chown needs root; elsewhere the check is the same code with another user's checkout.
  it.skipIf(process.getuid?.() !== 0)(
    "names git's refusal of a repository another user owns, with git's safe.directory advice",
    async () => {
      const r = makeTempRepo({ "a.txt": "a\n" });
      repos.push(r);
      const nobody = 65534;
      chownSync(r.root, nobody, nobody);
      const error = await findRepoRoot(r.root).then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string; hint: string },
      );
      chownSync(r.root, 0, 0);
      expect(error?.code).toBe("git.dubious_ownership");
      expect(error?.message).toContain("belongs to another user");
      expect(error?.hint).toContain(`git config --global --add safe.directory ${r.root}`);
    },
  );

  it("answers in absolute paths from a subdirectory, as one git call would from the top", async () => {
    const r = makeTempRepo({ "a/b/c.txt": "c\n" });
    repos.push(r);
    const top = realpathSync(r.root);
    const facts = await readRepoFacts(join(r.root, "a", "b"));
    expect(facts).toEqual({
      root: top,
      commonDir: join(top, ".git"),
      markers: {
        MERGE_HEAD: join(top, ".git", "MERGE_HEAD"),
        "rebase-merge": join(top, ".git", "rebase-merge"),
        "rebase-apply": join(top, ".git", "rebase-apply"),
        CHERRY_PICK_HEAD: join(top, ".git", "CHERRY_PICK_HEAD"),
        REVERT_HEAD: join(top, ".git", "REVERT_HEAD"),
        BISECT_LOG: join(top, ".git", "BISECT_LOG"),
      },
      hasCommits: true,
    });
  });

  it("says a repository without a commit has none, and still finds its top", async () => {
    const r = makeTempRepo({ "f.txt": "f\n" }, { commit: false });
    repos.push(r);
    expect(await readRepoFacts(r.root)).toMatchObject({ root: realpathSync(r.root), hasCommits: false });
  });

  it("in a linked worktree: the common dir is the main repository's, the markers are the worktree's", async () => {
    const r = makeTempRepo({ "f.txt": "f\n" });
    repos.push(r);
    const wt = join(r.root, "..", `${r.root.split("/").pop()}-facts-wt`);
    r.git("worktree", "add", "-q", wt);
    try {
      const facts = await readRepoFacts(wt);
      expect(facts.root).toBe(realpathSync(wt));
      expect(facts.commonDir).toBe(join(realpathSync(r.root), ".git"));
      expect(facts.markers.MERGE_HEAD).toMatch(/\.git\/worktrees\/[^/]+\/MERGE_HEAD$/);
    } finally {
      rmSync(wt, { recursive: true, force: true });
    }
  });
});

describe("readRepoFacts on a path git cannot answer about line by line", () => {
  it("refuses a repository whose path holds a newline, naming the rule, instead of misreading it", async () => {
    const dir = join(tempDir("leash-nl-"), "two\nlines");
    mkdirSync(dir);
    const { execFileSync } = await import("node:child_process");
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: dir });
    git("init", "-q");
    git("commit", "-q", "--allow-empty", "-m", "first");
    await expect(readRepoFacts(dir)).rejects.toMatchObject({ code: "git.unusable_path" });
  });
});

describe("prefetchRepoFacts", () => {
  it("hands its answer to the first reader, and later readers ask git again", async () => {
    const r = makeTempRepo({ "f.txt": "f\n" });
    repos.push(r);
    prefetchRepoFacts(r.root);
    const first = await readRepoFacts(r.root);
    expect(first).toEqual(await readRepoFacts(r.root));
    expect(first.hasCommits).toBe(true);
  });

  it("gives its failure to that reader, as the reader's own call would", async () => {
    const dir = tempDir("leash-nogit-");
    prefetchRepoFacts(dir);
    await expect(readRepoFacts(dir)).rejects.toMatchObject({ code: "git.not_a_repo" });
  });
});

describe("ensureLeashExcluded", () => {
  it("adds .leash/ once, keeps existing lines, and makes .leash invisible to git status", async () => {
    const r = makeTempRepo({ "f.txt": "f\n" });
    repos.push(r);
    const file = join(r.root, ".git", "info", "exclude");
    mkdirSync(join(r.root, ".git", "info"), { recursive: true });
    writeFileSync(file, "*.tmp");
    await ensureLeashExcluded(r.root);
    await ensureLeashExcluded(r.root);
    expect(readFileSync(file, "utf8")).toBe("*.tmp\n.leash/\n");
    r.write(".leash/runs/x/state.json", "{}");
    expect(r.git("status", "--porcelain")).toBe("");
  });

  it("writes to the common git dir from a linked worktree", async () => {
    const r = makeTempRepo({ "f.txt": "f\n" });
    repos.push(r);
    const wt = join(r.root, "..", `${r.root.split("/").pop()}-wt`);
    r.git("worktree", "add", "-q", wt);
    try {
      await ensureLeashExcluded(wt);
      expect(readFileSync(join(r.root, ".git", "info", "exclude"), "utf8")).toContain(".leash/\n");
    } finally {
      rmSync(wt, { recursive: true, force: true });
    }
  });
});
