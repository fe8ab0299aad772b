import { describe, expect, it } from "vitest";
import { autoRegions } from "../../src/context/auto-regions.js";

const SOURCE = [
  "def alpha(x):", //  1
  "    return x", //  2
  "", //  3
  "class Box:", //  4
  "    def area(self):", //  5
  "        return 1", //  6
  "", //  7
  "    def perimeter(self):", //  8
  "        return 2", //  9
  "", // 10
  "def omega(y):", // 11
  "    return y", // 12
  "",
].join("\n");

const file = { path: "pkg/shapes.py", text: SOURCE };

describe("autoRegions", () => {
  it("shows what the goal names, the method rather than its whole class", async () => {
    const [r] = await autoRegions({ files: [file], goal: "Box.area must multiply" });
    expect(r?.ranges).toEqual([[5, 6]]);
    expect(r?.outline.map((e) => e.line)).toEqual([1, 4, 8, 11]);
    expect(r?.sources[0]).toMatch(/named Box\.area/);
  });

  it("follows a traceback's file and line to the definition around it, printed absolute", async () => {
    const failureText = 'Traceback:\n  File "/tmp/work/pkg/shapes.py", line 12, in omega\nValueError: no';
    const [r] = await autoRegions({ files: [file], goal: "fix it", failureText });
    expect(r?.ranges).toEqual([[11, 12]]);
  });

  it("keeps what the previous patch changed", async () => {
    const previousPatch = "--- a/pkg/shapes.py\n+++ b/pkg/shapes.py\n@@ -8,2 +8,2 @@\n";
    const [r] = await autoRegions({ files: [file], goal: "fix it", previousPatch });
    expect(r?.ranges).toEqual([[8, 9]]);
  });

  it("nothing named yet: an outline only", async () => {
    const [r] = await autoRegions({ files: [file], goal: "make it right" });
    expect(r?.outlineOnly).toBe(true);
    expect(r?.ranges).toEqual([]);
  });

  it("a file with no grammar is not scoped", async () => {
    expect(await autoRegions({ files: [{ path: "notes.txt", text: "a\nb\n" }], goal: "a" })).toEqual([]);
  });
});
