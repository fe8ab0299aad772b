/**
 * The parsed shape of a patch, shared by parse, repair, safety and apply. Paths are repo-relative
 * as the model wrote them, with git's `a/` and `b/` prefixes already removed.
 */

export type FileKind = "modify" | "create" | "delete" | "rename" | "copy" | "mode";

export interface HunkLine {
  op: " " | "-" | "+";
  /** The line's text without the op and without `\n`; a CRLF line keeps its `\r`. */
  text: string;
  /** Followed by `\ No newline at end of file`. */
  noNewline: boolean;
}

export interface Hunk {
  /** Null when the model wrote `@@ @@` without numbers; repair must locate the hunk. */
  oldStart: number | null;
  oldCount: number;
  newStart: number | null;
  newCount: number;
  /** Text after the closing `@@`, kept for display only. */
  section: string;
  lines: HunkLine[];
}

export interface FilePatch {
  /** Null for a created file (`/dev/null`). */
  oldPath: string | null;
  /** Null for a deleted file (`/dev/null`). */
  newPath: string | null;
  kind: FileKind;
  oldMode?: string;
  newMode?: string;
  binary: boolean;
  /** A `Subproject commit` line or a 160000 mode was seen. */
  submodule: boolean;
  /** The ---/+++ lines lacked git's `a/` and `b/` prefixes. */
  prefixMissing: boolean;
  hunks: Hunk[];
}

export interface ParsedPatch {
  files: FilePatch[];
  /** UTF-8 byte length of the text the model sent. */
  sourceBytes: number;
  /** What parsing itself had to repair (an outer markdown fence). */
  repairs?: Repair[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: string; reason: string };

export type Result<T> = ParseResult<T>;

/**
 * How a hunk or a `find` text was located, most exact first. A hunk is placed at the first level
 * where its old side matches exactly one place; `fuzz` drops up to two outer context lines.
 */
export const MATCH_LEVELS = [
  "exact",
  "trailing_ws",
  "surrounding_ws",
  "punctuation",
  "indent_offset",
  "fuzz",
] as const;
export type MatchLevel = (typeof MATCH_LEVELS)[number];

/** What parse and repair changed, for the attempt's record. */
export interface Repair {
  kind:
    | "unfence"
    | "recount"
    | "relocate"
    | "add_prefix"
    | "pad_context"
    | "merge_hunks"
    | "drop_noop_hunk"
    | "no_newline_marker"
    | "locate";
  file: string;
  /** 1-based hunk number within the file as the model wrote it; 0 for file-level repairs. */
  hunk: number;
  from: string;
  to: string;
  /** The cascade level that located the hunk or `find` text, for relocations and re-indents. */
  level?: MatchLevel;
}

/** The path a file patch writes to (or removes, for a delete). */
export function targetPath(file: FilePatch): string {
  return file.newPath ?? file.oldPath ?? "";
}

/** Every path a file patch names, source and target. */
export function pathsOf(file: FilePatch): string[] {
  const out = new Set<string>();
  if (file.oldPath !== null) out.add(file.oldPath);
  if (file.newPath !== null) out.add(file.newPath);
  return [...out];
}

/** A hunk's header numbers as text, `?` where the model left them out. */
export function hunkRange(h: Hunk): string {
  return `-${h.oldStart ?? "?"},${h.oldCount} +${h.newStart ?? "?"},${h.newCount}`;
}
