import { describe, expect, it } from "vitest";
import { diffstat } from "../../src/patch/diffstat.js";

describe("diffstat", () => {
  it("counts files and changed lines across hunks and files", () => {
    const diff = [
      "--- a/src/a.js",
      "+++ b/src/a.js",
      "@@ -1,3 +1,3 @@",
      " one",
      "-two",
      "+TWO",
      " three",
      "--- /dev/null",
      "+++ b/src/new.js",
      "@@ -0,0 +1,2 @@",
      "+x",
      "+y",
      "",
    ].join("\n");
    expect(diffstat(diff)).toEqual({ files: 2, added: 3, removed: 1 });
  });

  it("a content line that starts like a header is a change, not a file", () => {
    const diff = [
      "--- a/notes.md",
      "+++ b/notes.md",
      "@@ -1,2 +1,2 @@",
      "--- old rule",
      "+++ new rule",
      " keep",
      "",
    ].join("\n");
    expect(diffstat(diff)).toEqual({ files: 1, added: 1, removed: 1 });
  });

  it("a missing-newline marker consumes nothing", () => {
    const diff = ["--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "\\ No newline at end of file", "+b", ""].join(
      "\n",
    );
    expect(diffstat(diff)).toEqual({ files: 1, added: 1, removed: 1 });
  });
});
