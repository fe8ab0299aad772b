import { closestRegion } from "./closest-region.js";
import { conformHunk } from "./conform-hunk.js";
import { fileView } from "./file-view.js";
import { locateBlock } from "./locate-block.js";
import type { Hunk, MatchLevel } from "./types.js";

/**
 * An edit's `find` that does not occur verbatim, located by the same cascade as hunks: as whole
 * lines, at the first level with exactly one match, its `replace` re-indented the same way. The
 * fuzz level is never used: every `find` line is text to remove, so none may be guessed.
 */

export type FoundEdit =
  | { ok: true; text: string; level: MatchLevel; line: number }
  | { ok: false; code: "edits.find_not_found" | "edits.find_ambiguous"; reason: string };

const splitLines = (s: string) => {
  const lines = s.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
};

export function locateFind(current: string, find: string, replace: string, path: string): FoundEdit {
  const view = fileView(Buffer.from(current, "utf8"));
  const findLines = splitLines(find);
  const endsNl = find.endsWith("\n");
  const hunk: Hunk = {
    oldStart: null,
    oldCount: findLines.length,
    newStart: null,
    newCount: 0,
    section: "",
    lines: [
      ...findLines.map((text) => ({ op: "-" as const, text, noNewline: false })),
      ...splitLines(replace).map((text) => ({ op: "+" as const, text, noNewline: false })),
    ],
  };
  const found = findLines.length > 0 ? locateBlock(view, hunk) : null;
  if (!found?.ok || found.level === "fuzz") {
    if (found && !found.ok && found.code === "repair.ambiguous") {
      return {
        ok: false,
        code: "edits.find_ambiguous",
        reason: `"find" ${found.reason.replace(/^its context and removed lines/, "")}`.replace(/\s+/, " "),
      };
    }
    return {
      ok: false,
      code: "edits.find_not_found",
      reason: `"find" occurs 0 times, even ignoring whitespace, punctuation and indentation; ${closestRegion(view, findLines, path)}`,
    };
  }
  const conformed = conformHunk(hunk, view, found);
  if (!conformed.ok) {
    return {
      ok: false,
      code: "edits.find_not_found",
      reason: `"find" matches line ${found.oldStart} only with another indentation, and the replace line ${JSON.stringify(conformed.line)} cannot be re-indented the same way`,
    };
  }
  const added = hunk.lines.filter((l) => l.op === "+").map((l) => l.text);
  const offsets = lineOffsets(current);
  const start = offsets[found.oldStart - 1] as number;
  const lastLine = found.oldStart - 2 + findLines.length;
  const end = (offsets[lastLine] as number) + (view.lines[lastLine] as string).length + (endsNl ? 1 : 0);
  const body = added.join("\n") + (replace.endsWith("\n") && added.length > 0 ? "\n" : "");
  return {
    ok: true,
    text: current.slice(0, start) + body + current.slice(Math.min(end, current.length)),
    level: found.level,
    line: found.oldStart,
  };
}

function lineOffsets(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}
