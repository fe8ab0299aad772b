import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";
import { repairPatch } from "../../src/patch/repair.js";
import { applyInMemory } from "./helpers/apply-in-memory.js";

/** Each cascade level on a small file: the tree it produces, the level it records, what it refuses. */

function run(file: string, hunks: string) {
  const parsed = parseUnifiedDiff(`--- a/f.txt\n+++ b/f.txt\n${hunks}`);
  if (!parsed.ok) throw new Error(parsed.reason);
  const r = repairPatch(parsed.value, (p) => (p === "f.txt" ? Buffer.from(file) : null));
  if (!r.ok) return { ok: false as const, code: r.code, reason: r.reason };
  const target = r.patch.files[0];
  if (!target) throw new Error("no file");
  const levels = r.repairs.filter((x) => x.level !== undefined).map((x) => x.level);
  return { ok: true as const, text: applyInMemory(file, target), levels, repairs: r.repairs };
}

describe("the location cascade", () => {
  it("matches context whose trailing whitespace the model stripped, keeping the file's own", () => {
    const r = run("a  \nb\nc\t\n", "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    expect(r).toMatchObject({ ok: true, text: "a  \nB\nc\t\n", levels: ["trailing_ws"] });
  });

  it("writes added lines with CRLF in a CRLF file the model answered in LF", () => {
    const r = run("a\r\nb\r\nc\r\n", "@@ -1,3 +1,4 @@\n a\n-b\n+B\n+B2\n c\n");
    expect(r).toMatchObject({ ok: true, text: "a\r\nB\r\nB2\r\nc\r\n", levels: ["trailing_ws"] });
  });

  it("converts spaces to the file's tabs", () => {
    const file = "func f() {\n\tif x {\n\t\treturn 1\n\t}\n}\n";
    const r = run(
      file,
      "@@ -2,3 +2,4 @@\n     if x {\n-        return 1\n+        log()\n+        return 2\n     }\n",
    );
    expect(r).toMatchObject({
      ok: true,
      text: "func f() {\n\tif x {\n\t\tlog()\n\t\treturn 2\n\t}\n}\n",
      levels: ["surrounding_ws"],
    });
  });

  it("re-indents added lines by a uniform offset", () => {
    const file = "class A {\n    run() {\n        go();\n    }\n}\n";
    const r = run(file, "@@ -2,3 +2,4 @@\n run() {\n-    go();\n+    ready();\n+    go();\n }\n");
    expect(r).toMatchObject({
      ok: true,
      text: "class A {\n    run() {\n        ready();\n        go();\n    }\n}\n",
      levels: ["indent_offset"],
    });
  });

  it("folds typographic punctuation and folds it back in the added lines", () => {
    const file = 'say("it\'s -- done");\nnext();\n';
    const r = run(
      file,
      "@@ -1,2 +1,2 @@\n-say(\u201cit\u2019s -- done\u201d);\n+say(\u201cit\u2019s over\u201d);\n next();\n",
    );
    expect(r).toMatchObject({ ok: true, text: 'say("it\'s over");\nnext();\n', levels: ["punctuation"] });
  });

  it("refuses two matches at the first level that matches, naming the lines", () => {
    const r = run("x  \ny\nx \ny\n", "@@ -7,2 +7,2 @@\n x\n-y\n+Y\n");
    expect(r).toMatchObject({ ok: false, code: "repair.ambiguous" });
    if (!r.ok) expect(r.reason).toContain("lines 1, 3");
  });

  it("prefers an exact match over tolerant ones elsewhere", () => {
    const r = run("x  \ny\nx\ny\n", "@@ -9,2 +9,2 @@\n x\n-y\n+Y\n".replace(" x\n", " x  \n"));
    expect(r).toMatchObject({ ok: true, text: "x  \nY\nx\ny\n", levels: ["exact"] });
  });

  it("adds the missing end-of-file marker the file proves, and reads added lines literally", () => {
    const context = run("a\nb\nc", "@@ -2,2 +2,2 @@\n-b\n+B\n c\n");
    expect(context).toMatchObject({ ok: true, text: "a\nB\nc" });
    if (context.ok) expect(context.repairs.map((x) => x.kind)).toContain("no_newline_marker");
    expect(run("a\nb\nc", "@@ -2,2 +2,2 @@\n b\n-c\n+C\n")).toMatchObject({ ok: true, text: "a\nb\nC\n" });
  });

  it("drops up to two wrong outer context lines when the rest matches one place", () => {
    const file = "one\ntwo\nthree\nfour\nfive\n";
    const r = run(file, "@@ -2,4 +2,4 @@\n two\n-three\n+THREE\n four\n FIVE?\n");
    expect(r).toMatchObject({ ok: true, text: "one\ntwo\nTHREE\nfour\nfive\n", levels: ["fuzz"] });
  });

  it("shows the closest region when nothing matches", () => {
    const file = "const a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\n";
    const r = run(
      file,
      "@@ -1,3 +1,3 @@\n const a = 1;\n-const b = 20;\n+const b = 3;\n const c = 3;\n const e = 5;\n const f = 6;\n",
    );
    expect(r).toMatchObject({ ok: false, code: "repair.no_match" });
    if (!r.ok) {
      expect(r.reason).toContain("f.txt, hunk 1");
      expect(r.reason).toContain("the closest region is f.txt lines 1-");
      expect(r.reason).toMatch(/>\s+2 \| const b = 2;/);
    }
  });

  it("recounts a header that is too small and records one repair per hunk", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const body = lines.slice(0, 10).map((l) => ` ${l}`);
    body.splice(5, 1, "-line 6", "+LINE 6");
    const r = run(`${lines.join("\n")}\n`, `@@ -1,1 +1,2 @@\n${body.join("\n")}\n`);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.text).toContain("line 5\nLINE 6\nline 7");
      const kinds = r.repairs.map((x) => `${x.kind}:${x.hunk}`);
      expect(new Set(kinds).size).toBe(kinds.length);
    }
  });

  it("drops a hunk of context lines only, and refuses a patch of nothing else", () => {
    expect(run("a\nb\n", "@@ -1,2 +1,2 @@\n a\n b\n")).toMatchObject({ ok: false, code: "repair.no_change" });
    const r = run("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "@@ -1,2 +1,2 @@\n a\n b\n@@ -8,2 +8,2 @@\n-h\n+H\n i\n");
    expect(r).toMatchObject({ ok: true, text: "a\nb\nc\nd\ne\nf\ng\nH\ni\n" });
  });
});
