import type { Hunk } from "./types.js";

/**
 * Where a hunk's old side (context and removed lines) sits in the file. The stated line wins
 * when it matches verbatim; otherwise the block must match exactly one place — no fuzz, no
 * whitespace folding, because a guess here would edit the wrong code.
 */

export type Located = { ok: true; oldStart: number } | { ok: false; code: string; reason: string };

function matchesAt(lines: string[], block: string[], at: number): boolean {
  if (at < 0 || at + block.length > lines.length) return false;
  return block.every((text, k) => lines[at + k] === text);
}

export function locateBlock(lines: string[], hunk: Hunk): Located {
  const block = hunk.lines.filter((l) => l.op !== "+").map((l) => l.text);
  if (block.length === 0) {
    if (hunk.oldStart !== null && hunk.oldStart <= lines.length) return { ok: true, oldStart: hunk.oldStart };
    return {
      ok: false,
      code: "repair.no_context",
      reason: "the hunk has no context or removed lines to locate it by",
    };
  }
  if (hunk.oldStart !== null && matchesAt(lines, block, hunk.oldStart - 1))
    return { ok: true, oldStart: hunk.oldStart };
  const places: number[] = [];
  for (let at = 0; at + block.length <= lines.length; at++) {
    if (matchesAt(lines, block, at)) places.push(at + 1);
  }
  if (places.length === 1) return { ok: true, oldStart: places[0] as number };
  if (places.length === 0) {
    return {
      ok: false,
      code: "repair.no_match",
      reason: `its context and removed lines (starting ${JSON.stringify(block[0])}) match no place in the file; copy them verbatim from the current file`,
    };
  }
  const shown = places.slice(0, 5).join(", ");
  return {
    ok: false,
    code: "repair.ambiguous",
    reason: `its context and removed lines match ${places.length} places (lines ${shown}); include more context so it matches one`,
  };
}
