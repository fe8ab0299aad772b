import type { FileView } from "./file-view.js";
import { foldedTrim } from "./file-view.js";
import { provenSubstitutions } from "./fold-punctuation.js";
import type { IndentTransform } from "./indent-transform.js";
import { deriveIndent, indentStyle, leadingWs } from "./indent-transform.js";
import type { Hunk, MatchLevel } from "./types.js";
import { MATCH_LEVELS } from "./types.js";

/**
 * Where a hunk's old side (context and removed lines) sits in the file. The stated line wins
 * when it matches verbatim; otherwise the cascade of SPEC §12 runs, each level more tolerant,
 * and stops at the first level where any place matches: one place is the answer, two or more are
 * refused as ambiguous. Never a guess between places.
 */

export interface Placement {
  /** 1-based first old line of the kept block. */
  oldStart: number;
  level: MatchLevel;
  indent: IndentTransform;
  /** Typographic characters the model substituted for the file's ASCII ones. */
  punctuation: Set<string>;
  /** Outer context lines dropped by the fuzz level (they are re-added from the file later). */
  head: number;
  tail: number;
}

export type Located =
  | ({ ok: true } & Placement)
  | { ok: false; code: string; reason: string; places?: number[] };

const SAME: IndentTransform = { kind: "same", apply: (x) => x };
const rank = (level: MatchLevel) => MATCH_LEVELS.indexOf(level);

type Block = { text: string[]; folded: string[] };

/** The most exact level at which `block` matches the file at `at` (0-based), or null. */
function levelAt(view: FileView, block: Block, at: number, modelStyle: FileView["style"]) {
  if (at < 0 || at + block.text.length > view.lines.length) return null;
  let exact = true;
  let trailing = true;
  let trimmed = true;
  for (let k = 0; k < block.text.length; k++) {
    const a = block.text[k] as string;
    const b = view.lines[at + k] as string;
    if (a === b) continue;
    exact = false;
    if (block.folded[k] !== view.folded[at + k]) return null;
    if (a.trimEnd() !== view.trimEnd[at + k]) trailing = false;
    if (a.trim() !== view.trim[at + k]) trimmed = false;
  }
  if (exact) return { level: "exact" as MatchLevel, indent: SAME, punctuation: new Set<string>() };
  if (trailing) return { level: "trailing_ws" as MatchLevel, indent: SAME, punctuation: new Set<string>() };
  const pairs: { model: string; file: string }[] = [];
  const texts: { model: string; file: string }[] = [];
  block.text.forEach((a, k) => {
    const b = view.lines[at + k] as string;
    texts.push({ model: a, file: b });
    if (a.trim() !== "") pairs.push({ model: leadingWs(a), file: leadingWs(b) });
  });
  const indent = pairs.length === 0 ? SAME : deriveIndent(pairs, modelStyle, view.style);
  if (!indent) return null;
  const punctuation = trimmed ? new Set<string>() : provenSubstitutions(texts);
  const level: MatchLevel =
    indent.kind === "offset" ? "indent_offset" : trimmed ? "surrounding_ws" : "punctuation";
  return { level, indent: indent.kind === "same" ? SAME : indent, punctuation };
}

const blockOf = (text: string[]): Block => ({ text, folded: text.map(foldedTrim) });

type Found = Omit<Placement, "head" | "tail"> & { at: number };

function scan(view: FileView, block: Block, modelStyle: FileView["style"]): Found[] {
  let best: Found[] = [];
  for (let at = 0; at + block.text.length <= view.lines.length; at++) {
    if (block.folded[0] !== view.folded[at]) continue;
    const hit = levelAt(view, block, at, modelStyle);
    if (!hit) continue;
    const found = { ...hit, at, oldStart: at + 1 };
    if (best.length === 0 || rank(hit.level) < rank(best[0]?.level as MatchLevel)) best = [found];
    else if (hit.level === best[0]?.level) best.push(found);
  }
  return best;
}

export function locateBlock(view: FileView, hunk: Hunk): Located {
  const old = hunk.lines.filter((l) => l.op !== "+").map((l) => l.text);
  if (old.length === 0) {
    if (hunk.oldStart !== null && hunk.oldStart <= view.lines.length)
      return {
        ok: true,
        oldStart: hunk.oldStart,
        level: "exact",
        indent: SAME,
        punctuation: new Set(),
        head: 0,
        tail: 0,
      };
    return {
      ok: false,
      code: "repair.no_context",
      reason: "the hunk has no context or removed lines to locate it by",
    };
  }
  const modelStyle = indentStyle(hunk.lines.map((l) => l.text));
  const block = blockOf(old);
  if (hunk.oldStart !== null) {
    const stated = levelAt(view, block, hunk.oldStart - 1, modelStyle);
    if (stated?.level === "exact") return { ok: true, oldStart: hunk.oldStart, ...stated, head: 0, tail: 0 };
  }
  const found = scan(view, block, modelStyle);
  if (found.length === 1) return { ok: true, ...(found[0] as Found), head: 0, tail: 0 };
  if (found.length > 1)
    return ambiguous(
      found.map((f) => f.oldStart),
      found[0]?.level as MatchLevel,
    );
  return fuzz(view, hunk, modelStyle);
}

/**
 * GNU patch's fuzz, made strict: up to two outer context lines per side may be wrong, the kept
 * block must still hold a removed line or two non-blank lines, and all trims together must point
 * at one place.
 */
function fuzz(view: FileView, hunk: Hunk, modelStyle: FileView["style"]): Located {
  const lines = hunk.lines;
  const lead = lines.findIndex((l) => l.op !== " ");
  const trail = lines.length - 1 - lines.map((l) => l.op !== " ").lastIndexOf(true);
  for (let f = 1; f <= 2; f++) {
    const places = new Map<number, Placement>();
    for (let head = 0; head <= Math.min(f, lead); head++) {
      for (let tail = 0; tail <= Math.min(f, trail); tail++) {
        if (head + tail === 0) continue;
        const kept = lines.slice(head, lines.length - tail);
        const old = kept.filter((l) => l.op !== "+").map((l) => l.text);
        const strong = kept.some((l) => l.op === "-") || old.filter((t) => t.trim() !== "").length >= 2;
        if (old.length === 0 || !strong) continue;
        const dropped = {
          head: lines.slice(0, head).map((l) => l.text),
          tail: lines.slice(lines.length - tail).map((l) => l.text),
        };
        for (const hit of scan(view, blockOf(old), modelStyle)) {
          if (hidesWhitespace(view, dropped, hit.at, old.length)) continue;
          const key = hit.at - head;
          if (!places.has(key)) places.set(key, { ...hit, level: "fuzz", head, tail });
        }
      }
    }
    if (places.size === 1) return { ok: true, ...([...places.values()][0] as Placement) };
    if (places.size > 1)
      return ambiguous(
        [...places.keys()].map((k) => k + 1),
        "fuzz",
      );
  }
  return { ok: false, code: "repair.no_match", reason: "" };
}

/**
 * A dropped line that is the file's line in other whitespace or punctuation is not wrong content:
 * it carries the evidence of how the model's text differs, and dropping it would hide that.
 */
function hidesWhitespace(
  view: FileView,
  dropped: { head: string[]; tail: string[] },
  at: number,
  kept: number,
): boolean {
  const differsOnlyInForm = (text: string, j: number) => {
    const file = view.lines[j];
    return file !== undefined && file !== text && foldedTrim(text) === view.folded[j];
  };
  const start = at - dropped.head.length;
  return (
    dropped.head.some((t, i) => differsOnlyInForm(t, start + i)) ||
    dropped.tail.some((t, i) => differsOnlyInForm(t, at + kept + i))
  );
}

function ambiguous(places: number[], level: MatchLevel): Located {
  const shown = places.slice(0, 8).join(", ");
  const how = level === "exact" ? "" : ` (compared at level ${level})`;
  return {
    ok: false,
    code: "repair.ambiguous",
    places,
    reason: `its context and removed lines match ${places.length} places${how}, at lines ${shown}; include more context so it matches one`,
  };
}
