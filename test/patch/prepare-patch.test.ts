import { describe, expect, it } from "vitest";
import { numstatPaths } from "../../src/patch/git-apply.js";
import { preparePatch } from "../../src/patch/prepare-patch.js";
import { preparePatchWith } from "../../src/patch/prepare-with.js";
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

describe("git's reading of the patch against Leash's", () => {
  const diff = "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-one\n+ONE\n";
  const io = (paths?: string[]) => ({
    readFile: (p: string) => (p === "src/a.ts" ? Buffer.from("one\n") : null),
    facts: async (ps: string[]) => ({
      repoRoot: "/repo",
      paths: Object.fromEntries(
        ps.map((p) => [
          p,
          { exists: true, isSymlink: false, symlinks: [], caseTwins: [], trackedMode: "100644" },
        ]),
      ),
    }),
    check: async () => ({ ok: true as const, ...(paths ? { paths } : {}) }),
  });

  it("refuses before any write when git names other paths than the headers Leash checked", async () => {
    const r = await preparePatchWith(
      { kind: "unified_diff", unifiedDiff: diff },
      policy,
      io(["src/a.ts", "run.sh"]),
    );
    expect(r).toMatchObject({ ok: false, stage: "check", code: "patch.paths_disagree" });
    if (!r.ok) expect(r.reason).toContain("git apply reads the patch as touching run.sh, src/a.ts");
  });

  it("accepts when git names the same paths, and when the applier names none (the in-memory tree)", async () => {
    for (const paths of [["src/a.ts"], undefined]) {
      const r = await preparePatchWith({ kind: "unified_diff", unifiedDiff: diff }, policy, io(paths));
      expect(r.ok).toBe(true);
    }
  });
});

describe("numstatPaths", () => {
  it("reads plain records, renames (both sides) and binary files from git apply --numstat -z", () => {
    const out = "1\t1\tsrc/a b.ts\0-\t-\timg.png\0" + "0\t0\t\0old name.ts\0new\tname.ts\0" + "2\t0\tz.ts\0";
    expect(numstatPaths(out)).toEqual(["src/a b.ts", "img.png", "old name.ts", "new\tname.ts", "z.ts"]);
    expect(numstatPaths("")).toEqual([]);
  });
});
