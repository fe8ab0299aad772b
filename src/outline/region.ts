/** 1-based inclusive line ranges of one file. */
export type LineRange = [start: number, end: number];

/** One outline entry: a definition's first line, where it is. */
export interface OutlineEntry {
  line: number;
  text: string;
}

/**
 * Part of a file named by a task: the ranges the model sees (and, for an allowed file, the only
 * lines a patch may change), and the outline of the rest, so it knows what exists without paying
 * for it. `outlineOnly` is a context file shown as signatures alone.
 */
export interface FileRegion {
  path: string;
  editable: boolean;
  ranges: LineRange[];
  outlineOnly: boolean;
  outline: OutlineEntry[];
  /** How the ranges were named, for the report: `lines 10-20`, `symbol Parser.parse`. */
  sources: string[];
}

/** Sorted, overlapping and touching ranges merged. */
export function mergeRanges(ranges: readonly LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: LineRange[] = [];
  for (const [start, end] of sorted) {
    const last = out.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

export function inRanges(line: number, ranges: readonly LineRange[]): boolean {
  return ranges.some(([start, end]) => line >= start && line <= end);
}
