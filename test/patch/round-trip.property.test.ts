import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPatch } from "../../src/patch/format-patch.js";
import { gitApplyWorkingTree } from "../../src/patch/git-apply.js";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";
import { repairPatch } from "../../src/patch/repair.js";
import type { ParsedPatch } from "../../src/patch/types.js";
import { makeTempRepo } from "../helpers/git-repo.js";
import { applyInMemory } from "./helpers/apply-in-memory.js";

/** Random files and random edits: what the diff package writes, Leash must read, repair and apply. */

const lineArb = fc.constantFrom("alpha", "beta", "gamma", "", "  indented", "x = 1;", "}");
const textFrom = (lines: string[], finalNewline: boolean) =>
  lines.length ? `${lines.join("\n")}${finalNewline ? "\n" : ""}` : "";

/** Applies random splices; `unique` makes every line distinct so any hunk locates one place. */
const editedPair = (unique: boolean) =>
  fc
    .record({
      old: fc.array(lineArb, { minLength: 1, maxLength: 40 }),
      splices: fc.array(
        fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.array(lineArb, { maxLength: 3 }) }),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
      oldNl: fc.boolean(),
      newNl: fc.boolean(),
    })
    .map(({ old, splices, oldNl, newNl }) => {
      const tag = (prefix: string) => (l: string, i: number) => (unique ? `${prefix}${i}:${l}` : l);
      const before = old.map(tag("o"));
      const after = [...before];
      for (const [k, s] of splices.entries()) {
        after.splice(s.at % (after.length + 1), s.del, ...s.ins.map((l, i) => tag(`n${k}.`)(l, i)));
      }
      if (after.length === 0) after.push("kept");
      return { oldText: textFrom(before, oldNl), newText: textFrom(after, newNl) };
    })
    .filter(({ oldText, newText }) => oldText !== newText);

function parsed(oldText: string, newText: string, context = 3): ParsedPatch {
  const text = createTwoFilesPatch("a/f.txt", "b/f.txt", oldText, newText, undefined, undefined, { context });
  const r = parseUnifiedDiff(text);
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}\n${text}`);
  return r.value;
}

const reader = (oldText: string) => (path: string) => (path === "f.txt" ? Buffer.from(oldText) : null);

function repairedResult(patch: ParsedPatch, oldText: string): string {
  const r = repairPatch(patch, reader(oldText));
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
  const again = parseUnifiedDiff(formatPatch(r.patch));
  if (!again.ok) throw new Error(again.reason);
  return applyInMemory(oldText, again.value.files[0] as ParsedPatch["files"][number]);
}

describe("round trip (pure)", () => {
  it("diff(old, new) parsed, repaired and applied gives exactly new", () => {
    fc.assert(
      fc.property(editedPair(false), ({ oldText, newText }) => {
        expect(repairedResult(parsed(oldText, newText), oldText)).toBe(newText);
      }),
      { numRuns: 100 },
    );
  });

  it("miscounted headers are recounted to the same result", () => {
    fc.assert(
      fc.property(editedPair(false), fc.integer({ min: 1, max: 5 }), ({ oldText, newText }, off) => {
        const patch = parsed(oldText, newText);
        for (const h of patch.files[0]?.hunks ?? []) {
          h.oldCount += off;
          h.newCount = Math.max(0, h.newCount - off);
        }
        const text = formatPatch(patch);
        const reparsed = parseUnifiedDiff(text);
        if (!reparsed.ok) throw new Error(reparsed.reason);
        expect(repairedResult(reparsed.value, oldText)).toBe(newText);
      }),
      { numRuns: 100 },
    );
  });

  it("shifted or missing line numbers are relocated to the same result", () => {
    fc.assert(
      fc.property(
        editedPair(true),
        fc.integer({ min: -20, max: 20 }),
        fc.boolean(),
        ({ oldText, newText }, shift, drop) => {
          const patch = parsed(oldText, newText);
          for (const h of patch.files[0]?.hunks ?? []) {
            if (h.lines.every((l) => l.op === "+")) continue;
            h.oldStart = drop ? null : (h.oldStart ?? 0) + shift;
            h.newStart = drop ? null : (h.newStart ?? 0) + shift;
          }
          expect(repairedResult(patch, oldText)).toBe(newText);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a hunk whose context matches two places is refused, never guessed", () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        (block, pick, shift) => {
          const x = block.map((l, i) => `x${i}:${l}`);
          const old = ["head", ...x, "middle", ...x, "tail"];
          const at = 1 + (pick % x.length);
          const next = [...old];
          next[at] = "changed";
          const oldText = textFrom(old, true);
          const patch = parsed(oldText, textFrom(next, true), 0);
          const hunk = patch.files[0]?.hunks[0];
          if (!hunk) throw new Error("no hunk");
          hunk.oldStart = (hunk.oldStart ?? 0) + x.length + 1 + shift;
          const r = repairPatch(patch, reader(oldText));
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.code).toBe("repair.ambiguous");
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("round trip (real git apply)", () => {
  it("the formatted diff applies with git and gives exactly new", async () => {
    const repo = makeTempRepo({ "keep.txt": "k\n" });
    try {
      await fc.assert(
        fc.asyncProperty(
          editedPair(false),
          fc.boolean(),
          fc.boolean(),
          async ({ oldText, newText }, shifted, bare) => {
            writeFileSync(join(repo.root, "f.txt"), oldText);
            // Zero-context hunks lack trailing context, which git only accepts at the end of a file.
            const patch = parsed(oldText, newText, bare ? 0 : 3);
            if (shifted) for (const h of patch.files[0]?.hunks ?? []) h.oldCount += 1;
            const r = repairPatch(patch, reader(oldText));
            if (!r.ok) throw new Error(r.reason);
            const applied = await gitApplyWorkingTree(repo.root, formatPatch(r.patch));
            expect(applied).toEqual({ ok: true, paths: ["f.txt"] });
            expect(readFileSync(join(repo.root, "f.txt"), "utf8")).toBe(newText);
          },
        ),
        { numRuns: 30 },
      );
    } finally {
      repo.cleanup();
    }
  });
});
