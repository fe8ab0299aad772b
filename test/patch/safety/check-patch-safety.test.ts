import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "../../../src/patch/parse-diff.js";
import { checkPatchSafety } from "../../../src/patch/safety/check-patch-safety.js";
import type { PathFacts, RepoFacts } from "../../../src/patch/safety/types.js";
import type { ParsedPatch } from "../../../src/patch/types.js";
import { DEFAULT_POLICY } from "../helpers/corpus-case.js";

/** The rules are pure: patches and facts are plain data here, no disk and no git. */

const parse = (text: string): ParsedPatch => {
  const r = parseUnifiedDiff(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const create = (path: string) =>
  `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+x\n`;
const noFacts: RepoFacts = { repoRoot: "/repo", paths: {} };
const fact = (over: Partial<PathFacts>): PathFacts => ({
  exists: true,
  isSymlink: false,
  symlinks: [],
  caseTwins: [],
  ...over,
});
const codes = (text: string, facts = noFacts, policy = DEFAULT_POLICY) => {
  const v = checkPatchSafety(parse(text), facts, policy);
  return v.ok ? [] : v.violations.map((x) => x.code);
};

describe("checkPatchSafety", () => {
  it("accepts a plain in-repo change", () => {
    expect(checkPatchSafety(parse(create("src/ok.ts")), noFacts, DEFAULT_POLICY)).toEqual({ ok: true });
  });

  it("reports every violation, each with its own code, message and hint", () => {
    const v = checkPatchSafety(parse(create("../x") + create(".git/hooks/x")), noFacts, {
      ...DEFAULT_POLICY,
      maxFiles: 1,
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.violations.map((x) => x.code)).toEqual([
      "patch.outside_repo",
      "patch.git_dir",
      "patch.not_allowed",
      "patch.too_many_files",
    ]);
    for (const x of v.violations) {
      expect(x.message.length).toBeGreaterThan(10);
      expect(x.hint.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ["/abs/x", "patch.outside_repo"],
    ["a/../../x", "patch.outside_repo"],
    ["src\\..\\..\\x", "patch.outside_repo"],
    [".GIT/config", "patch.git_dir"],
    ["sub/.git/hooks/x", "patch.git_dir"],
    ["deep/.Git /x", "patch.git_dir"],
  ])("refuses the path %j with %s", (path, code) => {
    expect(codes(create(path))).toContain(code);
  });

  it("uses gathered facts for symlinks, case twins and tracked modes", () => {
    const path = "src/a.ts";
    const via = { at: "src", target: "/etc", leavesRepo: true };
    expect(codes(create(path), { repoRoot: "/r", paths: { [path]: fact({ symlinks: [via] }) } })).toEqual([
      "patch.outside_repo",
    ]);
    expect(
      codes(create(path), { repoRoot: "/r", paths: { [path]: fact({ caseTwins: ["SRC/a.ts"] }) } }),
    ).toEqual(["patch.case_collision"]);
    expect(
      codes(create(path), { repoRoot: "/r", paths: { [path]: fact({ trackedMode: "160000" }) } }),
    ).toEqual(["patch.submodule"]);
    expect(
      codes(create(path), { repoRoot: "/r", paths: { [path]: fact({ trackedMode: "120000" }) } }),
    ).toEqual(["patch.symlink"]);
  });

  it("matches forbidden globs ignoring case and allowed globs exactly", () => {
    const policy = { ...DEFAULT_POLICY, allowedGlobs: ["src/**"], forbiddenGlobs: ["src/secret/**"] };
    expect(codes(create("SRC/Secret/k"), noFacts, policy)).toEqual(["patch.forbidden", "patch.not_allowed"]);
    expect(codes(create("src/fine.ts"), noFacts, policy)).toEqual([]);
    expect(codes(create("src/fine.ts"), noFacts, { ...policy, allowedGlobs: [] })).toEqual([
      "patch.not_allowed",
    ]);
  });
});
