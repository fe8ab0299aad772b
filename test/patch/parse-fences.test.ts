import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";

/** Fences are markdown only outside hunks; inside a hunk a ``` line is the file's own content. */

const DIFF = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";

describe("parseUnifiedDiff and markdown fences", () => {
  it.each(["```diff", "```patch", "```", "```Diff ", "~~~diff", "````diff"])(
    "removes one outer %j fence and records it",
    (open) => {
      const close = open.startsWith("~") ? "~~~" : open.startsWith("````") ? "````" : "```";
      const r = parseUnifiedDiff(`\n${open}\n${DIFF}${close}\n\n`);
      if (!r.ok) throw new Error(r.reason);
      expect(r.value.files[0]?.hunks[0]?.lines.map((l) => l.op + l.text)).toEqual(["-a", "+b"]);
      expect(r.value.repairs).toEqual([
        expect.objectContaining({ kind: "unfence", from: `line 2: ${open.trim()}` }),
      ]);
    },
  );

  it("reads a document's own fences as context, removed and added lines", () => {
    const text = [
      "--- a/docs/guide.md",
      "+++ b/docs/guide.md",
      "@@ -3,5 +3,5 @@",
      " ```sh",
      "-npm run old",
      "+npm run new",
      " ```",
      "",
      "-```",
      "+```text",
      "",
    ].join("\n");
    const r = parseUnifiedDiff(text);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.files[0]?.hunks[0]?.lines.map((l) => l.op + l.text)).toEqual([
      " ```sh",
      "-npm run old",
      "+npm run new",
      " ```",
      " ",
      "-```",
      "+```text",
    ]);
    expect(r.value.repairs).toBeUndefined();
  });

  it("names the line of prose after a closing fence", () => {
    const r = parseUnifiedDiff(`\`\`\`diff\n${DIFF}\`\`\`\n\nThis renames a to b.\n`);
    expect(r).toMatchObject({ ok: false, code: "parse.prose" });
    if (!r.ok) expect(r.reason).toMatch(/^line 9: text after the closing fence/);
  });

  it("refuses a second fenced block", () => {
    const r = parseUnifiedDiff(`\`\`\`diff\n${DIFF}\`\`\`\n\`\`\`diff\n${DIFF}\`\`\`\n`);
    expect(r).toMatchObject({ ok: false, code: "parse.prose" });
  });
});

describe("parseUnifiedDiff hunk bodies longer than their header", () => {
  it("keeps reading diff lines past a count that is too small, blank context included", () => {
    const body = [" one", "", " two", "-three", "+THREE", "", " four"];
    const r = parseUnifiedDiff(["--- a/x", "+++ b/x", "@@ -124,1 +124,2 @@", ...body, ""].join("\n"));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.files[0]?.hunks[0]?.lines).toHaveLength(7);
  });

  it("stops at a header whose counts end, so a blank line then prose is prose", () => {
    const r = parseUnifiedDiff(`${DIFF}\n- renamed a to b\n`);
    expect(r).toMatchObject({ ok: false, code: "parse.outside_hunk" });
  });
});
