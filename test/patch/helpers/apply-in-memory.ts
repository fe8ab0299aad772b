import type { FilePatch } from "../../../src/patch/types.js";

/**
 * A small reference applier for property tests: applies one file's hunks to text exactly as
 * numbered, and throws when a hunk's old side does not match. Lets pure tests run many cases
 * without spawning git.
 */
export function applyInMemory(text: string, file: FilePatch): string {
  const lines = text.split("\n");
  let finalNewline = lines[lines.length - 1] === "";
  if (finalNewline) lines.pop();
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of file.hunks) {
    const start = hunk.oldCount > 0 ? (hunk.oldStart ?? 0) - 1 : (hunk.oldStart ?? 0);
    if (start < cursor) throw new Error("hunks out of order");
    out.push(...lines.slice(cursor, start));
    const oldSide = hunk.lines.filter((l) => l.op !== "+");
    const newSide = hunk.lines.filter((l) => l.op !== "-");
    oldSide.forEach((l, k) => {
      if (lines[start + k] !== l.text) throw new Error(`mismatch at line ${start + k + 1}`);
    });
    out.push(...newSide.map((l) => l.text));
    cursor = start + oldSide.length;
    if (cursor === lines.length && newSide.length > 0)
      finalNewline = !(newSide[newSide.length - 1]?.noNewline ?? false);
  }
  out.push(...lines.slice(cursor));
  return out.length === 0 ? "" : `${out.join("\n")}${finalNewline ? "\n" : ""}`;
}
