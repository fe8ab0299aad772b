import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "../../../src/patch/parse-diff.js";
import { refuseOutsideRegion } from "../../../src/patch/safety/outside-region.js";

/** Tries to change lines outside the declared regions in every way a hunk can. */

const FILE = "src/a.py";
const regions = { [FILE]: [[10, 12]] as [number, number][] };

function hunk(header: string, body: string[]) {
  const text = [`--- a/${FILE}`, `+++ b/${FILE}`, header, ...body, ""].join("\n");
  const parsed = parseUnifiedDiff(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe("patch.outside_region", () => {
  it("allows removing and adding lines inside the region", () => {
    const p = hunk("@@ -9,4 +9,4 @@", [" l9", "-l10", "+L10", " l11", " l12"]);
    expect(refuseOutsideRegion(p, regions)).toEqual([]);
  });

  it("allows adding a line right after the region's last line", () => {
    const p = hunk("@@ -12,2 +12,3 @@", [" l12", "+new", " l13"]);
    expect(refuseOutsideRegion(p, regions)).toEqual([]);
  });

  it("refuses removing a line just before the region", () => {
    const p = hunk("@@ -8,3 +8,2 @@", [" l8", "-l9", " l10"]);
    const v = refuseOutsideRegion(p, regions);
    expect(v.map((x) => x.code)).toEqual(["patch.outside_region"]);
    expect(v[0]!.message).toMatch(/line 9/);
  });

  it("refuses a hunk far away even when the same patch also edits the region", () => {
    const p = hunk("@@ -10,1 +10,1 @@", ["-l10", "+L10"]);
    const far = hunk("@@ -200,1 +200,1 @@", ["-l200", "+L200"]);
    p.files[0]!.hunks.push(far.files[0]!.hunks[0]!);
    const v = refuseOutsideRegion(p, regions);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toMatch(/hunk 2 .* line 200/);
  });

  it("refuses an insertion at the top of the file", () => {
    const p = hunk("@@ -0,0 +1,1 @@", ["+import os"]);
    expect(refuseOutsideRegion(p, regions)).toHaveLength(1);
  });

  it("leaves files without regions to the other rules", () => {
    expect(refuseOutsideRegion(hunk("@@ -300,1 +300,1 @@", ["-x", "+y"]), {})).toEqual([]);
  });
});
