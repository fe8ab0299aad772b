import type { FilePatch, Hunk, HunkLine, Repair } from "./types.js";
import { hunkRange, targetPath } from "./types.js";

type Record = (repair: Repair) => void;
/** The hunk's number as the model wrote it. */
type NumberOf = (hunk: Hunk) => number;

/**
 * git pins a hunk without leading context to the top of the file and one without trailing
 * context to the end, and refuses it anywhere else. Models often cut context (or send -U0
 * diffs), so once a hunk is located, up to three neighbouring lines of the file itself are
 * added on a bare side, never reaching into the next or previous hunk. Hunks must be sorted.
 */
const firstOf = (start: number | null, count: number) => (count > 0 ? (start ?? 0) - 1 : (start ?? 0));

export function padContext(
  file: FilePatch,
  lines: string[],
  finalNewline: boolean,
  record: Record,
  numberOf: NumberOf,
): void {
  const context = (j: number): HunkLine => ({
    op: " ",
    text: lines[j] as string,
    noNewline: !finalNewline && j === lines.length - 1,
  });
  mergeBareNeighbours(file, context, record, numberOf);
  let prevEnd = 0;
  for (const [k, hunk] of file.hunks.entries()) {
    const from = hunkRange(hunk);
    let first = firstOf(hunk.oldStart, hunk.oldCount);
    const end = first + hunk.oldCount;
    const next = file.hunks[k + 1];
    const limit = next ? firstOf(next.oldStart, next.oldCount) : lines.length;
    const after = hunk.lines[hunk.lines.length - 1]?.op === " " ? 0 : Math.max(0, Math.min(3, limit - end));
    const before = hunk.lines[0]?.op === " " ? 0 : Math.max(0, Math.min(3, first - prevEnd));
    for (let j = end; j < end + after; j++) hunk.lines.push(context(j));
    for (let j = first - 1; j >= first - before; j--) hunk.lines.unshift(context(j));
    first -= before;
    prevEnd = end + after;
    if (before + after === 0) continue;
    hunk.oldStart = first + 1;
    hunk.oldCount += before + after;
    hunk.newCount += before + after;
    record({ kind: "pad_context", file: targetPath(file), hunk: numberOf(hunk), from, to: hunkRange(hunk) });
  }
}

/**
 * Two hunks a few lines apart whose facing sides are bare cannot both be padded; joining them
 * with the file's lines in between is exact and leaves one hunk git accepts.
 */
function mergeBareNeighbours(
  file: FilePatch,
  context: (j: number) => HunkLine,
  record: Record,
  numberOf: NumberOf,
): void {
  for (let k = 0; k + 1 < file.hunks.length; ) {
    const a = file.hunks[k] as Hunk;
    const b = file.hunks[k + 1] as Hunk;
    const endA = firstOf(a.oldStart, a.oldCount) + a.oldCount;
    const firstB = firstOf(b.oldStart, b.oldCount);
    const gap = firstB - endA;
    const bare = a.lines[a.lines.length - 1]?.op !== " " || b.lines[0]?.op !== " ";
    if (!bare || gap < 0 || gap > 6) {
      k++;
      continue;
    }
    const from = `${hunkRange(a)} and ${hunkRange(b)}`;
    const between = Array.from({ length: gap }, (_, i) => context(endA + i));
    a.lines.push(...between, ...b.lines);
    const firstA = firstOf(a.oldStart, a.oldCount);
    a.oldCount += gap + b.oldCount;
    a.oldStart = a.oldCount > 0 ? firstA + 1 : firstA;
    a.newCount += gap + b.newCount;
    file.hunks.splice(k + 1, 1);
    record({ kind: "merge_hunks", file: targetPath(file), hunk: numberOf(a), from, to: hunkRange(a) });
  }
}
