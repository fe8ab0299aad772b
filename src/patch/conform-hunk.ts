import type { FileView } from "./file-view.js";
import { foldOnly } from "./fold-punctuation.js";
import { leadingWs } from "./indent-transform.js";
import type { Placement } from "./locate-block.js";
import type { Hunk, HunkLine } from "./types.js";

/**
 * Rewrites a located hunk in the file's own terms: its context and removed lines become the
 * file's lines byte for byte (so git checks exactly what was matched), its added lines take the
 * indentation, line ending and punctuation the match proved, and the end-of-file marker follows
 * the file on the old side. An added line keeps the marker exactly as the model wrote it: the file
 * proves only what the old side says. Returns the added line that cannot be re-indented, if any.
 */
export type Conformed = { ok: true; markerChanged: boolean } | { ok: false; line: string };

export function conformHunk(hunk: Hunk, view: FileView, place: Placement): Conformed {
  if (place.head > 0 || place.tail > 0)
    hunk.lines = hunk.lines.slice(place.head, hunk.lines.length - place.tail);
  const before = hunk.lines.map((l) => l.noNewline);
  const lastFileLine = view.lines.length - 1;
  let j = place.oldStart - 1;
  for (const line of hunk.lines) {
    if (line.op === "+") {
      if (place.level === "exact") continue;
      const text = reindent(line, view, place);
      if (text === null) return { ok: false, line: line.text };
      line.text = text;
      continue;
    }
    line.text = view.lines[j] as string;
    line.noNewline = !view.finalNewline && j === lastFileLine;
    j++;
  }
  const markerChanged = hunk.lines.some((l, k) => l.noNewline !== before[k]);
  return { ok: true, markerChanged };
}

function reindent(line: HunkLine, view: FileView, place: Placement): string | null {
  let text = line.text.replace(/\r$/, "");
  if (text.trim() === "") text = "";
  else {
    const ws = leadingWs(text);
    const indent = place.indent.apply(ws);
    if (indent === null) return null;
    text = indent + foldOnly(text.slice(ws.length), place.punctuation);
  }
  return view.crlf ? `${text}\r` : text;
}

export const isContextOnly = (hunk: Hunk): boolean => hunk.lines.every((l) => l.op === " ");
