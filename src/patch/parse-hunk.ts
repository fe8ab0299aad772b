import type { Hunk, HunkLine } from "./types.js";

/** Reading one hunk: its header, then body lines until the counts and the shape say it ends. */

const HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;
const NUMBERLESS = /^@@[^0-9@]*@@(.*)$/;

export type HunkHeader = { ok: true; hunk: Hunk } | { ok: false; reason: string };

export function parseHunkHeader(line: string): HunkHeader {
  const text = line.replace(/\r$/, "");
  const m = HEADER.exec(text);
  if (m) {
    return {
      ok: true,
      hunk: {
        oldStart: Number(m[1]),
        oldCount: m[2] === undefined ? 1 : Number(m[2]),
        newStart: Number(m[3]),
        newCount: m[4] === undefined ? 1 : Number(m[4]),
        section: m[5] ?? "",
        lines: [],
      },
    };
  }
  const bare = NUMBERLESS.exec(text);
  if (bare) {
    return {
      ok: true,
      hunk: { oldStart: null, oldCount: 0, newStart: null, newCount: 0, section: bare[1] ?? "", lines: [] },
    };
  }
  return {
    ok: false,
    reason: `malformed hunk header ${JSON.stringify(text)}; expected "@@ -start,count +start,count @@"`,
  };
}

/** A line that starts a new file section, which ends any hunk. */
export function isFileStart(lines: string[], i: number): boolean {
  const line = lines[i] ?? "";
  if (line.startsWith("diff --git ")) return true;
  return line.startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ");
}

function isBodyLine(lines: string[], i: number): boolean {
  const line = lines[i] ?? "";
  const c = line[0];
  return (c === " " || c === "-" || c === "+" || c === "\\") && !isFileStart(lines, i);
}

const isBlank = (line: string) => line === "" || line === "\r";

/**
 * Fills `hunk.lines` from `lines[start]` on and returns the index after the body. The body runs
 * as long as lines look like diff lines, whatever the header says, so counts that are too small
 * or too large are both left for repair to recount. A blank line is a context line whose space
 * was stripped when more diff lines follow it, or when the header still expects lines at the end.
 */
export function readHunkBody(
  lines: string[],
  start: number,
  hunk: Hunk,
): { next: number } | { error: string } {
  const known = hunk.oldStart !== null;
  let oldLeft = hunk.oldCount;
  let newLeft = hunk.newCount;
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    const countsOpen = known && (oldLeft > 0 || newLeft > 0);
    // While the header still expects lines, `--- x` then `+++ y` are change lines unless a hunk follows.
    const headerHere = isFileStart(lines, i) && (!countsOpen || (lines[i + 2] ?? "").startsWith("@@"));
    if (line.startsWith("@@") || line.startsWith("diff --git ") || headerHere) break;
    const c = line[0];
    if (c === "\\") {
      const last = hunk.lines[hunk.lines.length - 1];
      if (!last) return { error: `line ${i + 1}: "\\ No newline" marker before any hunk line` };
      last.noNewline = true;
      continue;
    }
    let entry: HunkLine | null = null;
    if (c === " " || c === "-" || c === "+") entry = { op: c, text: line.slice(1), noNewline: false };
    else if (isBlank(line) && blankIsContext(lines, i, known, oldLeft, newLeft)) {
      entry = { op: " ", text: "", noNewline: false };
    }
    if (!entry) break;
    hunk.lines.push(entry);
    if (entry.op !== "+") oldLeft--;
    if (entry.op !== "-") newLeft--;
  }
  if (hunk.lines.length === 0) return { error: `line ${start}: hunk header has no lines under it` };
  return { next: i };
}

function blankIsContext(
  lines: string[],
  i: number,
  known: boolean,
  oldLeft: number,
  newLeft: number,
): boolean {
  let j = i + 1;
  while (j < lines.length && isBlank(lines[j] as string)) j++;
  const satisfied = known && oldLeft === 0 && newLeft === 0;
  // A header whose counts end exactly here closes the hunk: what follows a blank line is prose.
  if (isBodyLine(lines, j)) return !satisfied;
  const open = known && oldLeft > 0 && newLeft > 0;
  return open && j >= lines.length && j - i <= Math.min(oldLeft, newLeft);
}
