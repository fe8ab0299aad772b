import type { FileView } from "./file-view.js";
import { foldedTrim } from "./file-view.js";

/**
 * Feedback for a hunk or `find` text that matches nowhere: the window of the file where most of
 * its lines match (ignoring whitespace and typographic punctuation), printed with line numbers and
 * the differing lines marked, so the next attempt can copy the real text.
 */

const MAX_WORK = 4_000_000;
const clip = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 97)}...` : s);

export function closestRegion(view: FileView, block: string[], path: string): string {
  const n = view.lines.length;
  const m = block.length;
  if (n === 0) return `${path} is empty.`;
  if (m === 0) return "";
  const folded = block.map(foldedTrim);
  let bestAt = -1;
  let bestScore = 0;
  const positions = Math.max(1, n - m + 1);
  const step = positions * m > MAX_WORK ? Math.ceil((positions * m) / MAX_WORK) : 1;
  for (let at = 0; at < positions; at += step) {
    let score = 0;
    for (let k = 0; k < m && at + k < n; k++) {
      if (folded[k] !== "" && folded[k] === view.folded[at + k]) score++;
    }
    if (score > bestScore) {
      bestScore = score;
      bestAt = at;
    }
  }
  if (bestAt < 0) {
    return `none of its non-blank lines occurs in ${path} (${n} lines); it may target another file or an older version`;
  }
  const rows: string[] = [];
  for (let k = 0; k < m && bestAt + k < n; k++) {
    const fileLine = view.lines[bestAt + k] as string;
    const same = fileLine === block[k];
    const mark = same ? " " : ">";
    const num = String(bestAt + k + 1).padStart(5);
    rows.push(`${mark}${num} | ${fileLine.replace(/\r$/, "")}`);
    if (!same) rows.push(`        your line: ${clip((block[k] as string).replace(/\r$/, ""))}`);
  }
  const last = Math.min(n, bestAt + m);
  return [
    `the closest region is ${path} lines ${bestAt + 1}-${last} (${bestScore} of ${m} lines match ignoring whitespace; lines marked > differ):`,
    ...rows,
  ].join("\n");
}
