import { structuredPatch } from "diff";
import type { Edit } from "../task/schema.js";
import { formatPatch } from "./format-patch.js";
import { locateFind } from "./locate-find.js";
import type { FilePatch, Hunk, HunkLine, Repair, Result } from "./types.js";

/**
 * Turns the structured `{edits}` format into one strict git-style diff, so both answer formats
 * reach the same repair, safety and apply checks. Edits to one file apply in order. A `find` that
 * is not verbatim is located by the cascade (locate-find); each such edit is added to `repairs`.
 */

const fail = (code: string, reason: string): Result<never> => ({ ok: false, code, reason });

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Start offsets of every occurrence of `find`, overlapping ones included. */
function occurrences(text: string, find: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(find); i !== -1; i = text.indexOf(find, i + 1)) out.push(i);
  return out;
}

export function editsToDiff(
  edits: Edit[],
  readFile: (path: string) => Buffer | null,
  repairs: Repair[] = [],
): Result<string> {
  if (edits.length === 0) return fail("edits.empty", "the edits list is empty; send at least one edit");
  const before = new Map<string, string | null>();
  const after = new Map<string, string>();
  for (const [n, edit] of edits.entries()) {
    const where = `edit ${n + 1} (${edit.op} ${edit.path})`;
    if (!before.has(edit.path)) before.set(edit.path, readFile(edit.path)?.toString("utf8") ?? null);
    const current = after.get(edit.path) ?? before.get(edit.path) ?? null;
    if (edit.op === "create") {
      if (current !== null)
        return fail("edits.exists", `${where}: the file already exists; use "replace" to change it`);
      after.set(edit.path, edit.content);
      continue;
    }
    if (current === null)
      return fail("edits.missing_file", `${where}: the file does not exist; use "create" for a new file`);
    if (edit.find === "")
      return fail("edits.empty_find", `${where}: "find" is empty; quote the exact text to replace`);
    const at = occurrences(current, edit.find);
    if (at.length === 0) {
      const found = locateFind(current, edit.find, edit.replace, edit.path);
      if (!found.ok) return fail(found.code, `${where}: ${found.reason}`);
      repairs.push({
        kind: "locate",
        file: edit.path,
        hunk: n + 1,
        from: "find as written",
        to: `line ${found.line}`,
        level: found.level,
      });
      after.set(edit.path, found.text);
      continue;
    }
    if (at.length > 1) {
      const lines = at.map((i) => lineOf(current, i)).join(", ");
      return fail(
        "edits.find_ambiguous",
        `${where}: "find" occurs ${at.length} times (lines ${lines}); include more surrounding text so it occurs once`,
      );
    }
    const i = at[0] as number;
    after.set(edit.path, current.slice(0, i) + edit.replace + current.slice(i + edit.find.length));
  }
  const files: FilePatch[] = [];
  for (const [path, next] of after) {
    const old = before.get(path) ?? null;
    if (old === next) continue;
    files.push(toFilePatch(path, old, next));
  }
  if (files.length === 0)
    return fail("edits.no_change", "the edits change nothing; every file ends as it began");
  return { ok: true, value: formatPatch({ files, sourceBytes: 0 }) };
}

function toFilePatch(path: string, old: string | null, next: string): FilePatch {
  const structured = structuredPatch(`a/${path}`, `b/${path}`, old ?? "", next, undefined, undefined, {
    context: 3,
  });
  const hunks: Hunk[] = structured.hunks.map((h) => {
    const lines: HunkLine[] = [];
    for (const raw of h.lines) {
      const last = lines[lines.length - 1];
      if (raw.startsWith("\\")) {
        if (last) last.noNewline = true;
        continue;
      }
      lines.push({ op: raw[0] as HunkLine["op"], text: raw.slice(1), noNewline: false });
    }
    // jsdiff numbers an empty side from the line after; git numbers it from the line before.
    return {
      oldStart: h.oldLines === 0 ? h.oldStart - 1 : h.oldStart,
      oldCount: h.oldLines,
      newStart: h.newLines === 0 ? h.newStart - 1 : h.newStart,
      newCount: h.newLines,
      section: "",
      lines,
    };
  });
  return {
    oldPath: old === null ? null : path,
    newPath: path,
    kind: old === null ? "create" : "modify",
    ...(old === null ? { newMode: "100644" } : {}),
    binary: false,
    submodule: false,
    prefixMissing: false,
    hunks,
  };
}
