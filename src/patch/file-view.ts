import { foldPunctuation } from "./fold-punctuation.js";
import { indentStyle } from "./indent-transform.js";

/** A file as the cascade compares it: its own lines, and each normalized once. */
export interface FileView {
  lines: string[];
  finalNewline: boolean;
  /** Every line of the file ends in `\r`: added lines are written the same way. */
  crlf: boolean;
  trimEnd: string[];
  trim: string[];
  folded: string[];
  style: ReturnType<typeof indentStyle>;
}

export const foldedTrim = (line: string): string => foldPunctuation(line).trim();

export function fileView(content: Buffer): FileView {
  const text = content.toString("utf8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return {
    lines,
    finalNewline: content.length === 0 || content[content.length - 1] === 0x0a,
    crlf: lines.length > 0 && lines.every((l, i) => l.endsWith("\r") || (i === lines.length - 1 && l === "")),
    trimEnd: lines.map((l) => l.trimEnd()),
    trim: lines.map((l) => l.trim()),
    folded: lines.map(foldedTrim),
    style: indentStyle(lines),
  };
}
