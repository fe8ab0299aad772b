import { createTwoFilesPatch } from "diff";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";
import { repairPatch } from "../../src/patch/repair.js";
import { applyInMemory } from "./helpers/apply-in-memory.js";

/**
 * The cascade's promise: apply a known edit, damage its diff the way models do, repair — the
 * result is the intended file or a refusal, never another file. Lines repeat on purpose (a small
 * vocabulary, with indentation), so ambiguous and near-miss placements are common.
 */

const WORDS = ["alpha()", "beta = 1", "return x", "}", "", "if (a) {", 'say("hi")', "x--", "// note"];
const lineArb = fc.record({ depth: fc.nat({ max: 3 }), word: fc.constantFrom(...WORDS) });
const render = (depth: number, word: string) => (word === "" ? "" : `${"    ".repeat(depth)}${word}`);

const DAMAGES = [
  "none",
  "shift_numbers",
  "wrong_counts",
  "strip_trailing_ws",
  "tabs_for_spaces",
  "dedent",
  "curly_quotes",
  "fence",
  "drop_marker",
  "lf_for_crlf",
  "numberless",
] as const;
type Damage = (typeof DAMAGES)[number];

const caseArb = fc
  .record({
    old: fc.array(lineArb, { minLength: 1, maxLength: 30 }),
    at: fc.nat(),
    del: fc.nat({ max: 3 }),
    ins: fc.array(lineArb, { maxLength: 3 }),
    trailing: fc.array(fc.nat({ max: 29 }), { maxLength: 4 }),
    finalNewline: fc.boolean(),
    crlf: fc.boolean(),
    damage: fc.constantFrom(...DAMAGES),
    shift: fc.integer({ min: -20, max: 20 }),
  })
  .map((c) => {
    const eol = c.crlf ? "\r" : "";
    const oldLines = c.old.map(
      (l, i) => render(l.depth, l.word) + (c.trailing.includes(i) ? "  " : "") + eol,
    );
    const newLines = [...oldLines];
    newLines.splice(c.at % (oldLines.length + 1), c.del, ...c.ins.map((l) => render(l.depth, l.word) + eol));
    const join = (ls: string[]) => (ls.length ? `${ls.join("\n")}${c.finalNewline ? "\n" : ""}` : "");
    return { ...c, oldText: join(oldLines), newText: join(newLines) };
  })
  .filter((c) => c.oldText !== c.newText && c.newText !== "");

function damage(diff: string, how: Damage, shift: number): string {
  const lines = diff.split("\n");
  const body = (f: (l: string) => string) =>
    lines.map((l) => (/^[-+ ]/.test(l) && !/^(---|\+\+\+) /.test(l) ? f(l) : l)).join("\n");
  switch (how) {
    case "none":
      return diff;
    case "shift_numbers":
      return diff.replace(/^@@ -(\d+)/gm, (_, n) => `@@ -${Math.max(1, Number(n) + shift)}`);
    case "wrong_counts":
      return diff.replace(/^@@ -(\d+),(\d+) \+(\d+),(\d+) @@/gm, (_, a, _b, c) => `@@ -${a},1 +${c},2 @@`);
    case "strip_trailing_ws":
      return body((l) => (l[0] === " " ? ` ${l.slice(1).trimEnd()}` : l));
    case "tabs_for_spaces":
      // Only where every hunk's old side shows the conversion; otherwise the diff means tabs.
      if (!everyHunkHasIndentedOldLine(diff)) return diff;
      return body((l) => l[0] + l.slice(1).replace(/^( {4})+/, (m) => "\t".repeat(m.length / 4)));
    case "dedent": {
      // Only a dedent the context can show: every non-blank line of every hunk is indented.
      const bodies = lines.filter((l) => /^[-+ ]/.test(l) && !/^(---|\+\+\+) /.test(l));
      if (bodies.some((l) => l.slice(1).trim() !== "" && !l.slice(1).startsWith("    "))) return diff;
      if (!everyHunkHasIndentedOldLine(diff)) return diff;
      return body((l) => (l.slice(1).startsWith("    ") ? l[0] + l.slice(5) : l));
    }
    case "curly_quotes":
      return body((l) => (l[0] === " " ? l.replace(/"/g, "\u201d") : l));
    case "fence":
      return `\`\`\`diff\n${diff}\`\`\`\n`;
    case "drop_marker":
      // The marker under a context or removed line, which the file itself proves.
      return lines
        .filter((l, i) => !(l.startsWith("\\ ") && !(lines[i - 1] ?? "").startsWith("+")))
        .join("\n");
    case "lf_for_crlf":
      return diff.replace(/\r/g, "");
    case "numberless":
      return diff.replace(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/gm, "@@ @@");
  }
}

function everyHunkHasIndentedOldLine(diff: string): boolean {
  return diff
    .split(/^@@.*$/m)
    .slice(1)
    .every((h) => h.split("\n").some((l) => /^[ -] {4}\S/.test(l)));
}

describe("the repair cascade never writes a wrong tree", () => {
  it("on generated edits damaged one way", () => {
    let applied = 0;
    let total = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const diff = createTwoFilesPatch("a/f.txt", "b/f.txt", c.oldText, c.newText, undefined, undefined, {
          context: 3,
        });
        const parsed = parseUnifiedDiff(damage(diff, c.damage, c.shift));
        total++;
        if (!parsed.ok) return;
        const r = repairPatch(parsed.value, (p) => (p === "f.txt" ? Buffer.from(c.oldText) : null));
        if (!r.ok) return;
        const file = r.patch.files[0];
        if (!file) return;
        let result: string;
        try {
          result = applyInMemory(c.oldText, file);
        } catch {
          return; // git apply --check would refuse it; no tree is written
        }
        expect(result).toBe(c.newText);
        applied++;
      }),
      { numRuns: 1500, seed: 1312 },
    );
    expect(applied).toBeGreaterThan(total / 2);
  });
});
