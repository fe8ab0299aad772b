import { describe, expect, it } from "vitest";
import { formatPatch } from "../../src/patch/format-patch.js";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";

const GIT_DIFF = [
  "diff --git a/src/a.ts b/src/a.ts",
  "index 1111111..2222222 100644",
  "--- a/src/a.ts",
  "+++ b/src/a.ts",
  "@@ -1,3 +1,3 @@",
  " one",
  "-two",
  "+TWO",
  " three",
  "diff --git a/b.txt b/b.txt",
  "new file mode 100644",
  "--- /dev/null",
  "+++ b/b.txt",
  "@@ -0,0 +1 @@",
  "+hello",
  "\\ No newline at end of file",
  "",
].join("\n");

describe("parseUnifiedDiff", () => {
  it("reads a git-style diff with several files", () => {
    const r = parseUnifiedDiff(GIT_DIFF);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b] = r.value.files;
    expect(a).toMatchObject({
      oldPath: "src/a.ts",
      newPath: "src/a.ts",
      kind: "modify",
      prefixMissing: false,
    });
    expect(a?.hunks[0]).toMatchObject({ oldStart: 1, oldCount: 3, newStart: 1, newCount: 3 });
    expect(b).toMatchObject({ oldPath: null, newPath: "b.txt", kind: "create", newMode: "100644" });
    expect(b?.hunks[0]?.lines[0]).toEqual({ op: "+", text: "hello", noNewline: true });
  });

  it("round-trips through formatPatch", () => {
    const r = parseUnifiedDiff(GIT_DIFF);
    if (!r.ok) throw new Error(r.reason);
    const again = parseUnifiedDiff(formatPatch(r.value));
    if (!again.ok) throw new Error(again.reason);
    expect(again.value.files).toEqual(r.value.files);
  });

  it("reads a plain diff and notes the missing prefixes", () => {
    const r = parseUnifiedDiff("--- src/x.ts\t2024-01-01\n+++ src/x.ts\n@@ -1 +1 @@\n-a\n+b\n");
    expect(r.ok && r.value.files[0]).toMatchObject({ oldPath: "src/x.ts", prefixMissing: true });
  });

  it("keeps CRLF content lines byte for byte", () => {
    const r = parseUnifiedDiff("--- a/x\r\n+++ b/x\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n");
    expect(r.ok && r.value.files[0]?.hunks[0]?.lines).toEqual([
      { op: "-", text: "a\r", noNewline: false },
      { op: "+", text: "b\r", noNewline: false },
    ]);
  });

  it("reads headers, kinds and modes git prints", () => {
    const r = parseUnifiedDiff(
      [
        "diff --git a/old.txt b/new.txt",
        "similarity index 90%",
        "rename from old.txt",
        "rename to new.txt",
        "diff --git a/gone.txt b/gone.txt",
        "deleted file mode 100644",
        "--- a/gone.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-x",
        "diff --git a/run.sh b/run.sh",
        "old mode 100644",
        "new mode 100755",
        "diff --git a/img.png b/img.png",
        "GIT binary patch",
        "literal 5",
        "Mc${NkU|?VY00C+Q",
        "",
        "diff --git a/lib b/lib",
        "new file mode 160000",
        "--- /dev/null",
        "+++ b/lib",
        "@@ -0,0 +1 @@",
        "+Subproject commit 0123456789012345678901234567890123456789",
      ].join("\n"),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.files.map((f) => [f.kind, f.binary, f.submodule])).toEqual([
      ["rename", false, false],
      ["delete", false, false],
      ["mode", false, false],
      ["modify", true, false],
      ["create", false, true],
    ]);
    expect(r.value.files[2]).toMatchObject({ oldMode: "100644", newMode: "100755" });
  });

  it("accepts numberless hunk headers for repair to place", () => {
    const r = parseUnifiedDiff("--- a/x\n+++ b/x\n@@ @@\n a\n-b\n+c\n");
    expect(r.ok && r.value.files[0]?.hunks[0]).toMatchObject({ oldStart: null, newStart: null });
  });

  it.each([
    ["", "parse.empty"],
    ["   \n\n", "parse.empty"],
    ["Here is the fix:\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", "parse.prose"],
    ["--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\nHope this helps!\n", "parse.prose"],
    ["```diff\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n```\nThis fixes it.\n", "parse.prose"],
    ["Here is the fix:\n```diff\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n```\n", "parse.prose"],
    ["```ts\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n```\n", "parse.fenced"],
    ["--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n```\n", "parse.fenced"],
    ["--- a/x\n+++ b/x\n-a\n+b\n", "parse.no_hunks"],
    ["diff --git a/x b/x\n--- a/x\n+++ b/x\n-a\n+b\n", "parse.no_hunk_header"],
    ["@@ -1 +1 @@\n-a\n+b\n", "parse.no_file_header"],
    ["--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n\nstray\n", "parse.prose"],
    ["--- a/x\n+++ b/x\n@@ -x +1 @@\n-a\n+b\n", "parse.bad_hunk_header"],
    ['{"edits": []}', "parse.not_a_diff"],
    [
      "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/x\n+++ b/x\n@@ -3 +3 @@\n-c\n+d\n",
      "parse.duplicate_file",
    ],
    ["--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n\n+stray\n", "parse.outside_hunk"],
    ["--- a/x\n+++ b/x\n@@ -1 +1 @@\n@@ -3 +3 @@\n-a\n", "parse.empty_hunk"],
  ])("refuses %j with %s", (text, code) => {
    const r = parseUnifiedDiff(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.reason.length).toBeGreaterThan(10);
    }
  });
});

describe("parseUnifiedDiff hunk bodies", () => {
  it("reads `--- x` / `+++ y` inside a hunk as change lines while the counts expect them", () => {
    const r = parseUnifiedDiff(
      "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n--- old rule\n+++ new rule\n keep\n",
    );
    expect(r.ok && r.value.files[0]?.hunks[0]?.lines.map((l) => l.op + l.text)).toEqual([
      "--- old rule",
      "+++ new rule",
      " keep",
    ]);
  });

  it("takes a blank line as empty context only where the hunk still expects lines", () => {
    const r = parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n\n");
    expect(r.ok && r.value.files[0]?.hunks[0]?.lines.length).toBe(4);
  });
});

describe("parseUnifiedDiff with overcounted headers", () => {
  it("still sees the next plain file header when a hunk follows it", () => {
    const r = parseUnifiedDiff(
      "--- a/x\n+++ b/x\n@@ -1,9 +1,9 @@\n-a\n+b\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-c\n+d\n",
    );
    expect(r.ok && r.value.files.map((f) => f.newPath)).toEqual(["x", "y"]);
  });
});
