import { gitHeaderPaths, headerPath, stripPrefixes } from "./diff-paths.js";
import { closesFence, isFence, isOpeningFence } from "./outer-fence.js";
import { isFileStart, parseHunkHeader, readHunkBody } from "./parse-hunk.js";
import type { FileKind, FilePatch, ParsedPatch, ParseResult, Repair } from "./types.js";

/**
 * Parses a model's unified diff (git-style or plain ---/+++) into data. Everything git would
 * silently skip — prose, fences, stray lines — is a failure whose reason is written for the
 * model's next attempt; the one exception is a single ```diff fence around the whole diff, which
 * has exactly one reading and is removed (and recorded).
 */

const EXTENDED = [
  "old mode ",
  "new mode ",
  "deleted file mode ",
  "new file mode ",
  "similarity index ",
  "dissimilarity index ",
  "rename from ",
  "rename to ",
  "copy from ",
  "copy to ",
  "index ",
  "Binary files ",
  "GIT binary patch",
];

const fail = (code: string, reason: string): ParseResult<never> => ({ ok: false, code, reason });
// `Index:` and `====` lines head each file in svn-style output (and the diff package's createPatch).
const isBanner = (line: string) => /^Index: /.test(line) || /^=+\r?$/.test(line);
const show = (line: string) => JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);

export function parseUnifiedDiff(text: string): ParseResult<ParsedPatch> {
  if (text.trim() === "")
    return fail("parse.empty", "the patch is empty; send a unified diff with at least one hunk");
  if (/^\s*[{[]/.test(text)) {
    return fail(
      "parse.not_a_diff",
      "unified_diff holds JSON, not a diff; send edits in the edits field or a raw diff here",
    );
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const repairs: Repair[] = [];
  let i = 0;
  while (i < lines.length && (lines[i] as string).trim() === "") i++;
  let fence: string | null = null;
  if (i < lines.length && isOpeningFence(lines[i] as string)) {
    fence = lines[i] as string;
    repairs.push({
      kind: "unfence",
      file: "",
      hunk: 0,
      from: `line ${i + 1}: ${fence.trim()}`,
      to: "raw diff",
    });
    i++;
  }
  while (i < lines.length && !isFileStart(lines, i)) {
    const line = lines[i] as string;
    if (line.startsWith("@@")) {
      return fail(
        "parse.no_file_header",
        `line ${i + 1}: hunk ${show(line)} has no "--- a/path" / "+++ b/path" header above it`,
      );
    }
    if (isFence(line)) return fenced(i, fence);
    if (line.trim() !== "" && !isBanner(line)) {
      return fail(
        "parse.prose",
        `line ${i + 1}: text before the diff (${show(line)}); send only the diff, no explanation`,
      );
    }
    i++;
  }
  if (i >= lines.length)
    return fail("parse.empty", "no file header found; send a unified diff with at least one hunk");
  const files: FilePatch[] = [];
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === "" || isBanner(line)) {
      i++;
      continue;
    }
    if (fence !== null && closesFence(line, fence)) {
      const after = lines.findIndex((l, k) => k > i && l.trim() !== "");
      if (after >= 0) {
        return fail(
          "parse.prose",
          `line ${after + 1}: text after the closing fence (${show(lines[after] as string)}); send only the diff, no explanation`,
        );
      }
      repairs[0] = { ...(repairs[0] as Repair), to: `raw diff (closing fence at line ${i + 1} removed)` };
      break;
    }
    if (isFence(line)) return fenced(i, fence);
    if (!isFileStart(lines, i)) {
      if (/^[-+ ]/.test(line)) {
        return fail(
          "parse.outside_hunk",
          `line ${i + 1}: a line outside any hunk (${show(line)}); every change line must sit under an @@ hunk header`,
        );
      }
      const last = files[files.length - 1];
      const where = last ? ` (after ${last.newPath ?? last.oldPath}, hunk ${last.hunks.length})` : "";
      return fail(
        "parse.prose",
        `line ${i + 1}: text after the diff${where} (${show(line)}); send only the diff, no explanation`,
      );
    }
    const read = readFile(lines, i);
    if ("error" in read) return fail(read.code, read.error);
    files.push(read.file);
    i = read.next;
  }
  const seen = new Set<string>();
  for (const file of files) {
    const name = file.newPath ?? file.oldPath ?? "";
    if (seen.has(name)) {
      return fail(
        "parse.duplicate_file",
        `${name} has more than one file section; put all its hunks under one header`,
      );
    }
    seen.add(name);
  }
  const value: ParsedPatch = { files, sourceBytes: Buffer.byteLength(text, "utf8") };
  if (repairs.length > 0) value.repairs = repairs;
  return { ok: true, value };
}

function fenced(i: number, opened: string | null): ParseResult<never> {
  const why =
    opened === null
      ? "only one ```diff fence around the whole diff is accepted"
      : "a second fence inside the fenced diff";
  return fail(
    "parse.fenced",
    `line ${i + 1} is a markdown fence outside any hunk (${why}); send the raw diff without a code block`,
  );
}

type FileRead = { file: FilePatch; next: number } | { error: string; code: string };

function readFile(lines: string[], start: number): FileRead {
  let i = start;
  let oldPath: string | null = null;
  let newPath: string | null = null;
  const meta = new Map<string, string>();
  let binary = false;
  const git = (lines[i] as string).startsWith("diff --git ");
  if (git) {
    const paths = gitHeaderPaths((lines[i] as string).slice("diff --git ".length));
    if (!paths)
      return {
        code: "parse.bad_header",
        error: `line ${i + 1}: cannot read the paths of ${show(lines[i] as string)}`,
      };
    [oldPath, newPath] = paths;
    i++;
    while (i < lines.length) {
      const line = (lines[i] as string).replace(/\r$/, "");
      const key = EXTENDED.find((k) => line.startsWith(k));
      if (!key) break;
      if (key === "Binary files " || key === "GIT binary patch") binary = true;
      meta.set(key.trim(), line.slice(key.length).trim());
      i++;
      if (key === "GIT binary patch") {
        while (i < lines.length && !(lines[i] as string).startsWith("diff --git ")) i++;
      }
    }
  }
  if ((lines[i] ?? "").startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ")) {
    oldPath = headerPath((lines[i] as string).slice(4));
    newPath = headerPath((lines[i + 1] as string).slice(4));
    i += 2;
  } else if (!git) {
    return {
      code: "parse.bad_header",
      error: `line ${i + 1}: expected "+++ b/path" after ${show(lines[i] as string)}`,
    };
  }
  if (meta.has("new file mode")) oldPath = null;
  if (meta.has("deleted file mode")) newPath = null;
  const stripped = stripPrefixes(oldPath, newPath);
  oldPath = meta.get("rename from") ?? meta.get("copy from") ?? stripped.oldPath;
  newPath = meta.get("rename to") ?? meta.get("copy to") ?? stripped.newPath;
  const file: FilePatch = {
    oldPath,
    newPath,
    kind: kindOf(oldPath, newPath, meta),
    binary,
    submodule: false,
    prefixMissing: stripped.prefixMissing,
    hunks: [],
  };
  const oldMode = meta.get("old mode") ?? meta.get("deleted file mode");
  const newMode = meta.get("new mode") ?? meta.get("new file mode");
  if (oldMode !== undefined) file.oldMode = oldMode;
  if (newMode !== undefined) file.newMode = newMode;
  while (i < lines.length && (lines[i] as string).startsWith("@@")) {
    const header = parseHunkHeader(lines[i] as string);
    if (!header.ok) return { code: "parse.bad_hunk_header", error: `line ${i + 1}: ${header.reason}` };
    const body = readHunkBody(lines, i + 1, header.hunk);
    if ("error" in body) return { code: "parse.empty_hunk", error: body.error };
    file.hunks.push(header.hunk);
    i = body.next;
  }
  if (file.hunks.length === 0 && !git) {
    return {
      code: "parse.no_hunks",
      error: `file ${file.newPath ?? file.oldPath}: header without any @@ hunk`,
    };
  }
  const next = lines[i] ?? "";
  if (/^[-+ ]/.test(next) && !isFileStart(lines, i)) {
    return {
      code: "parse.no_hunk_header",
      error: `line ${i + 1}: change line ${show(next)} in ${file.newPath ?? file.oldPath} is not under an @@ hunk header`,
    };
  }
  file.submodule =
    oldMode === "160000" ||
    newMode === "160000" ||
    file.hunks.some((h) => h.lines.some((l) => l.text.startsWith("Subproject commit ")));
  return { file, next: i };
}

function kindOf(oldPath: string | null, newPath: string | null, meta: Map<string, string>): FileKind {
  if (oldPath === null) return "create";
  if (newPath === null) return "delete";
  if (meta.has("rename from") || meta.has("rename to")) return "rename";
  if (meta.has("copy from") || meta.has("copy to")) return "copy";
  if (oldPath !== newPath) return "rename";
  if (meta.has("old mode") || meta.has("new mode")) return "mode";
  return "modify";
}
