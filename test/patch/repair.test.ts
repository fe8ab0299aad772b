import { describe, expect, it } from "vitest";
import { formatPatch } from "../../src/patch/format-patch.js";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";
import { repairPatch } from "../../src/patch/repair.js";
import type { ParsedPatch } from "../../src/patch/types.js";

const FILE = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\n";
const read = (p: string) => (p === "f.txt" ? Buffer.from(FILE) : null);
const parse = (text: string): ParsedPatch => {
  const r = parseUnifiedDiff(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe("repairPatch", () => {
  it("leaves a correct patch alone", () => {
    const r = repairPatch(parse("--- a/f.txt\n+++ b/f.txt\n@@ -2,3 +2,3 @@\n l2\n-l3\n+L3\n l4\n"), read);
    expect(r).toMatchObject({ ok: true, repairs: [] });
  });

  it("recounts headers, relocates and adds prefixes, recording each repair", () => {
    const r = repairPatch(parse("--- f.txt\n+++ f.txt\n@@ -5,7 +5,1 @@\n l2\n-l3\n+L3\n"), read);
    if (!r.ok) throw new Error(r.reason);
    expect(r.repairs).toEqual([
      { kind: "add_prefix", file: "f.txt", hunk: 0, from: "f.txt f.txt", to: "a/ b/" },
      { kind: "recount", file: "f.txt", hunk: 1, from: "-5,7 +5,1", to: "-5,2 +5,2" },
      { kind: "relocate", file: "f.txt", hunk: 1, from: "-5,2 +5,2", to: "-2,5 +2,5", level: "exact" },
      { kind: "pad_context", file: "f.txt", hunk: 1, from: "-2,2 +5,2", to: "-2,5 +5,5" },
    ]);
    expect(formatPatch(r.patch)).toBe(
      "diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n@@ -2,5 +2,5 @@\n l2\n-l3\n+L3\n l4\n l5\n l6\n",
    );
  });

  it("orders relocated hunks and carries the line delta into the new side", () => {
    const r = repairPatch(
      parse("--- a/f.txt\n+++ b/f.txt\n@@ @@\n l7\n-l8\n+L8\n@@ @@\n l1\n+new\n l2\n"),
      read,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.patch.files[0]?.hunks.map((h) => [h.oldStart, h.oldCount, h.newStart, h.newCount])).toEqual([
      [1, 2, 1, 3],
      [7, 2, 8, 2],
    ]);
  });

  it("refuses a hunk that matches nowhere, naming the file and hunk", () => {
    const r = repairPatch(parse("--- a/f.txt\n+++ b/f.txt\n@@ -2,2 +2,2 @@\n l2\n-l9\n+L9\n"), read);
    expect(r).toMatchObject({ ok: false, code: "repair.no_match" });
    if (!r.ok) expect(r.reason).toMatch(/^f\.txt, hunk 1/);
  });

  it("refuses a numberless hunk without context, and overlapping hunks", () => {
    expect(repairPatch(parse("--- a/f.txt\n+++ b/f.txt\n@@ @@\n+x\n"), read)).toMatchObject({
      code: "repair.no_context",
    });
    const overlap = "--- a/f.txt\n+++ b/f.txt\n@@ -2,2 +2,2 @@\n l2\n-l3\n+L3\n@@ -3,1 +3,1 @@\n-l3\n+M3\n";
    expect(repairPatch(parse(overlap), read)).toMatchObject({ code: "repair.overlap" });
  });
});

describe("repairPatch bare hunks", () => {
  const long = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join("\n");
  const readLong = (p: string) => (p === "f.txt" ? Buffer.from(`${long}\n`) : null);

  it("pads a bare hunk with the file's own lines on both sides", () => {
    const r = repairPatch(
      parse("--- a/f.txt\n+++ b/f.txt\n@@ -3 +3 @@\n-l3\n+L3\n@@ -11,2 +11,2 @@\n l11\n-l12\n+L12\n"),
      readLong,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.patch.files[0]?.hunks[0]?.lines.map((l) => l.op + l.text)).toEqual([
      " l1",
      " l2",
      "-l3",
      "+L3",
      " l4",
      " l5",
      " l6",
    ]);
    expect(r.patch.files[0]?.hunks[1]?.lines.map((l) => l.op + l.text)).toEqual([
      " l11",
      "-l12",
      "+L12",
      " l13",
      " l14",
      " l15",
    ]);
    expect(r.repairs.filter((x) => x.kind === "pad_context")).toHaveLength(2);
  });

  it("merges bare hunks a few lines apart instead of padding one into the other", () => {
    const r = repairPatch(
      parse("--- a/f.txt\n+++ b/f.txt\n@@ -3 +3 @@\n-l3\n+L3\n@@ -5 +5 @@\n-l5\n+L5\n"),
      readLong,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.patch.files[0]?.hunks).toHaveLength(1);
    expect(r.patch.files[0]?.hunks[0]?.lines.map((l) => l.op + l.text)).toEqual([
      " l1",
      " l2",
      "-l3",
      "+L3",
      " l4",
      "-l5",
      "+L5",
      " l6",
      " l7",
      " l8",
    ]);
    expect(r.repairs[0]).toEqual({
      kind: "merge_hunks",
      file: "f.txt",
      hunk: 1,
      from: "-3,1 +3,1 and -5,1 +5,1",
      to: "-3,3 +3,3",
    });
  });

  it("marks a padded last line that has no newline", () => {
    const r = repairPatch(parse("--- a/g.txt\n+++ b/g.txt\n@@ -1 +1 @@\n-a\n+A\n"), (p) =>
      p === "g.txt" ? Buffer.from("a\nb") : null,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.patch.files[0]?.hunks[0]?.lines.at(-1)).toEqual({ op: " ", text: "b", noNewline: true });
  });
});
