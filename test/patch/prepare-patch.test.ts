import { describe, expect, it } from "vitest";
import { preparePatch } from "../../src/patch/prepare-patch.js";
import { safetyPolicyFromTask } from "../../src/patch/safety/policy-from-task.js";
import { makeTempRepo } from "../helpers/git-repo.js";

const policy = safetyPolicyFromTask({
  allowedFiles: ["src/**"],
  forbiddenPaths: ["src/secret/**"],
  limits: {
    maxInputTokensPerCall: 1,
    maxOutputTokensPerCall: 1,
    maxContextCharsPerCall: 1,
    maxPatchBytes: 10_000,
    maxFilesPerPatch: 3,
    maxHunksPerPatch: 5,
  },
});

describe("preparePatch", () => {
  it("refuses an answer that is not a patch", async () => {
    const r = await preparePatch(
      { kind: "classification", classification: { intent: "bugfix", confidence: 1, rationale: "r" } },
      { repoRoot: "/nonexistent", policy },
    );
    expect(r).toMatchObject({ ok: false, stage: "parse", code: "parse.not_a_patch" });
  });

  it("returns the normalized diff, the repairs and the files for a repaired patch", async () => {
    const repo = makeTempRepo({ "src/a.ts": "one\ntwo\nthree\n" });
    try {
      const before = repo.snapshot();
      const r = await preparePatch(
        {
          kind: "unified_diff",
          unifiedDiff: "--- src/a.ts\n+++ src/a.ts\n@@ -7,9 +7,9 @@\n one\n-two\n+TWO\n",
        },
        { repoRoot: repo.root, policy },
      );
      if (!r.ok) throw new Error(r.reason);
      expect(r.diffText).toBe(
        "diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n",
      );
      expect(r.repairs.map((x) => x.kind)).toEqual(["add_prefix", "recount", "relocate", "pad_context"]);
      expect(r.files).toEqual(["src/a.ts"]);
      expect(repo.snapshot()).toEqual(before);
    } finally {
      repo.cleanup();
    }
  });

  it("lists every violation in the reason for the next attempt", async () => {
    const repo = makeTempRepo({ "src/a.ts": "one\n" });
    try {
      const diff =
        "diff --git a/src/secret/k b/src/secret/k\nnew file mode 100755\n--- /dev/null\n+++ b/src/secret/k\n@@ -0,0 +1 @@\n+x\n";
      const r = await preparePatch(
        { kind: "unified_diff", unifiedDiff: diff },
        { repoRoot: repo.root, policy },
      );
      expect(r).toMatchObject({ ok: false, stage: "safety", code: "patch.forbidden" });
      if (r.ok) return;
      expect(r.violations?.map((v) => v.code)).toEqual(["patch.forbidden", "patch.executable"]);
      expect(r.reason.split("\n")).toHaveLength(2);
    } finally {
      repo.cleanup();
    }
  });
});
