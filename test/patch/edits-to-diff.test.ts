import { describe, expect, it } from "vitest";
import { editsToDiff } from "../../src/patch/edits-to-diff.js";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";

const FILES: Record<string, string> = {
  "src/a.ts": "const x = 1;\nconst y = 2;\nconst x = 1;\n",
  "src/b.ts": "one\ntwo\nthree\n",
};
const read = (p: string) => (p in FILES ? Buffer.from(FILES[p] as string) : null);

describe("editsToDiff", () => {
  it("turns a replace into a strict git-style diff", () => {
    const r = editsToDiff([{ path: "src/b.ts", op: "replace", find: "two", replace: "TWO" }], read);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toBe(
      "diff --git a/src/b.ts b/src/b.ts\n--- a/src/b.ts\n+++ b/src/b.ts\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n",
    );
    expect(parseUnifiedDiff(r.value).ok).toBe(true);
  });

  it("turns a create into a new-file diff", () => {
    const r = editsToDiff([{ path: "src/c.ts", op: "create", content: "hi" }], read);
    expect(r.ok && r.value).toBe(
      "diff --git a/src/c.ts b/src/c.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/c.ts\n@@ -0,0 +1,1 @@\n+hi\n\\ No newline at end of file\n",
    );
  });

  it("refuses a find that occurs twice, naming the lines", () => {
    const r = editsToDiff([{ path: "src/a.ts", op: "replace", find: "const x = 1;", replace: "" }], read);
    expect(r).toMatchObject({ ok: false, code: "edits.find_ambiguous" });
    if (!r.ok) expect(r.reason).toContain("occurs 2 times (lines 1, 3)");
    if (!r.ok) expect(r.reason).toContain("edit 1 (replace src/a.ts)");
  });

  it("refuses a find that occurs zero times, naming the edit", () => {
    const r = editsToDiff(
      [
        { path: "src/b.ts", op: "replace", find: "one", replace: "1" },
        { path: "src/b.ts", op: "replace", find: "four", replace: "4" },
      ],
      read,
    );
    expect(r).toMatchObject({ ok: false, code: "edits.find_not_found" });
    if (!r.ok) expect(r.reason).toContain('edit 2 (replace src/b.ts): "find" occurs 0 times');
  });

  it("refuses create over an existing file, and replace in a missing one", () => {
    expect(editsToDiff([{ path: "src/b.ts", op: "create", content: "x" }], read)).toMatchObject({
      code: "edits.exists",
    });
    expect(editsToDiff([{ path: "src/z.ts", op: "replace", find: "a", replace: "b" }], read)).toMatchObject({
      code: "edits.missing_file",
    });
    expect(
      editsToDiff(
        [
          { path: "src/n.ts", op: "create", content: "x" },
          { path: "src/n.ts", op: "create", content: "y" },
        ],
        read,
      ),
    ).toMatchObject({ code: "edits.exists" });
  });

  it("applies edits to one file in order and refuses empty or no-op edit lists", () => {
    const r = editsToDiff(
      [
        { path: "src/b.ts", op: "replace", find: "one", replace: "1" },
        { path: "src/b.ts", op: "replace", find: "1\ntwo", replace: "1\n2" },
      ],
      read,
    );
    expect(r.ok && r.value).toContain("-one\n-two\n+1\n+2\n");
    expect(editsToDiff([], read)).toMatchObject({ code: "edits.empty" });
    expect(
      editsToDiff([{ path: "src/b.ts", op: "replace", find: "one", replace: "one" }], read),
    ).toMatchObject({
      code: "edits.no_change",
    });
    expect(editsToDiff([{ path: "src/b.ts", op: "replace", find: "", replace: "x" }], read)).toMatchObject({
      code: "edits.empty_find",
    });
  });
});

describe("editsToDiff with a find that is not verbatim", () => {
  const file = 'function f() {\n\tif (x) {\n\t\treturn "a";\n\t}\n}\n';
  const reader = (p: string) => (p === "src/f.ts" ? Buffer.from(file) : null);

  it("locates it by the cascade, re-indents the replace and records the level", () => {
    const repairs: import("../../src/patch/types.js").Repair[] = [];
    const r = editsToDiff(
      [
        {
          path: "src/f.ts",
          op: "replace",
          find: "    if (x) {\n        return \u201ca\u201d;\n",
          replace: "    if (x) {\n        return \u201cb\u201d;\n",
        },
      ],
      reader,
      repairs,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toContain('-\t\treturn "a";\n+\t\treturn "b";\n');
    expect(repairs).toEqual([
      expect.objectContaining({ kind: "locate", level: "punctuation", to: "line 2" }),
    ]);
  });

  it("shows the closest region when it matches nowhere", () => {
    const r = editsToDiff(
      [{ path: "src/f.ts", op: "replace", find: 'if (y) {\n\t\treturn "a";', replace: "" }],
      reader,
    );
    expect(r).toMatchObject({ ok: false, code: "edits.find_not_found" });
    if (!r.ok) expect(r.reason).toContain("the closest region is src/f.ts lines 2-3");
  });
});
