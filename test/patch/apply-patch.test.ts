import { describe, expect, it } from "vitest";
import { applyPatch } from "../../src/patch/apply-patch.js";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";
import { makeTempRepo } from "../helpers/git-repo.js";
import { restoreSnapshot } from "./helpers/corpus-case.js";

const DIFF = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n";
const OTHER = "diff --git a/b.txt b/b.txt\n--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-bee\n+BEE\n";

function parsed(text: string) {
  const r = parseUnifiedDiff(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("applyPatch", () => {
  it("applies to the working tree only and reports touched files and a diffstat", async () => {
    const repo = makeTempRepo({ "a.txt": "one\ntwo\n", "b.txt": "bee\n" });
    try {
      let rolledBack = 0;
      const r = await applyPatch({
        repoRoot: repo.root,
        diffText: DIFF,
        patch: parsed(DIFF),
        rollback: async () => void rolledBack++,
      });
      expect(r).toEqual({ ok: true, touched: ["a.txt"], diffstat: { files: 1, added: 1, removed: 1 } });
      expect(repo.read("a.txt").toString()).toBe("one\nTWO\n");
      expect(repo.git("diff", "--cached", "--name-only")).toBe("");
      expect(rolledBack).toBe(0);
    } finally {
      repo.cleanup();
    }
  });

  it("stops at check without writing or rolling back", async () => {
    const repo = makeTempRepo({ "a.txt": "uno\n" });
    try {
      let rolledBack = 0;
      const r = await applyPatch({
        repoRoot: repo.root,
        diffText: DIFF,
        patch: parsed(DIFF),
        rollback: async () => void rolledBack++,
      });
      expect(r).toMatchObject({ ok: false, stage: "check" });
      expect(rolledBack).toBe(0);
    } finally {
      repo.cleanup();
    }
  });

  it("rolls back when the changed files differ from the patch's files", async () => {
    const repo = makeTempRepo({ "a.txt": "one\ntwo\n", "b.txt": "bee\n" });
    try {
      const before = repo.snapshot();
      let rolledBack = 0;
      const r = await applyPatch({
        repoRoot: repo.root,
        diffText: DIFF + OTHER,
        patch: parsed(DIFF),
        rollback: async () => {
          rolledBack++;
          restoreSnapshot(repo.root, before);
        },
      });
      expect(r).toMatchObject({ ok: false, stage: "verify" });
      if (!r.ok) expect(r.reason).toContain("unexpected: b.txt");
      expect(rolledBack).toBe(1);
      expect(repo.snapshot()).toEqual(before);
    } finally {
      repo.cleanup();
    }
  });
});
