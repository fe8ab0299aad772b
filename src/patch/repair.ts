import { closestRegion } from "./closest-region.js";
import { conformHunk, isContextOnly } from "./conform-hunk.js";
import { fileView } from "./file-view.js";
import { locateBlock } from "./locate-block.js";
import { padContext } from "./pad-context.js";
import { RepairLog } from "./repair-log.js";
import type { FilePatch, Hunk, ParsedPatch, Repair } from "./types.js";
import { hunkRange, targetPath } from "./types.js";

/**
 * Fixes the slips models make that have exactly one correct reading: header counts that do not
 * match the body (either way), line numbers that are off or missing, whitespace, punctuation or
 * indentation drift (by the cascade in locate-block), missing `a/`/`b/` prefixes, a missing
 * end-of-file marker, a hunk that changes nothing. A hunk is moved only to the single place the
 * first matching cascade level finds.
 */

export type RepairResult =
  | { ok: true; patch: ParsedPatch; repairs: Repair[] }
  | { ok: false; code: string; reason: string; repairs: Repair[] };

export type ReadRepoFile = (path: string) => Buffer | null;

type Failure = { code: string; reason: string };

export function repairPatch(parsed: ParsedPatch, readFile: ReadRepoFile): RepairResult {
  const patch: ParsedPatch = structuredClone(parsed);
  const log = new RepairLog();
  for (const r of parsed.repairs ?? []) log.add(r);
  const done = (failure: Failure | null): RepairResult =>
    failure ? { ok: false, ...failure, repairs: log.entries } : { ok: true, patch, repairs: log.entries };
  for (const file of patch.files) {
    const name = targetPath(file);
    if (file.prefixMissing) {
      log.add({
        kind: "add_prefix",
        file: name,
        hunk: 0,
        from: `${file.oldPath} ${file.newPath}`,
        to: "a/ b/",
      });
      file.prefixMissing = false;
    }
    const numbers = new Map<Hunk, number>(file.hunks.map((h, k) => [h, k + 1]));
    const notes = new Map<Hunk, string>();
    for (const hunk of file.hunks) recount(hunk, name, numbers.get(hunk) ?? 0, log, notes);
    const failure = dropNoOps(file, numbers, log) ?? locateHunks(file, readFile, log, { numbers, notes });
    if (failure) return done(failure);
  }
  patch.files = patch.files.filter(
    (f) => f.hunks.length > 0 || f.kind !== "modify" || f.oldMode !== undefined,
  );
  if (patch.files.length === 0) {
    return done({
      code: "repair.no_change",
      reason:
        "every hunk has only context lines (no + or - line), so the patch changes nothing; mark the lines to change with - and +",
    });
  }
  return done(null);
}

function recount(hunk: Hunk, file: string, index: number, log: RepairLog, notes: Map<Hunk, string>): void {
  const oldCount = hunk.lines.filter((l) => l.op !== "+").length;
  const newCount = hunk.lines.filter((l) => l.op !== "-").length;
  if (oldCount === hunk.oldCount && newCount === hunk.newCount) return;
  const from = hunkRange(hunk);
  const said = `declares ${hunk.oldCount} old and ${hunk.newCount} new lines but has ${oldCount} and ${newCount}`;
  hunk.oldCount = oldCount;
  hunk.newCount = newCount;
  if (hunk.oldStart !== null) notes.set(hunk, `it ${said}, and `);
  if (hunk.oldStart !== null) log.add({ kind: "recount", file, hunk: index, from, to: hunkRange(hunk) });
}

/** A hunk of context lines only changes nothing; git calls it corrupt, so it is dropped, and said. */
function dropNoOps(file: FilePatch, numbers: Map<Hunk, number>, log: RepairLog): Failure | null {
  const kept = file.hunks.filter((h) => !isContextOnly(h));
  for (const h of file.hunks.filter(isContextOnly)) {
    log.add({
      kind: "drop_noop_hunk",
      file: targetPath(file),
      hunk: numbers.get(h) ?? 0,
      from: hunkRange(h),
      to: "dropped (context lines only)",
    });
  }
  file.hunks = kept;
  return null;
}

function locateHunks(
  file: FilePatch,
  readFile: ReadRepoFile,
  log: RepairLog,
  { numbers, notes }: { numbers: Map<Hunk, number>; notes: Map<Hunk, string> },
): Failure | null {
  const name = targetPath(file);
  const numberOf = (h: Hunk) => numbers.get(h) ?? 0;
  if (file.binary || file.hunks.length === 0 || file.kind === "delete") return null;
  if (file.kind === "create") {
    for (const hunk of file.hunks) {
      if (hunk.oldStart !== 0 || hunk.newStart !== 1) {
        const from = hunkRange(hunk);
        hunk.oldStart = 0;
        hunk.newStart = hunk.newCount > 0 ? 1 : 0;
        if (from !== hunkRange(hunk))
          log.add({ kind: "relocate", file: name, hunk: numberOf(hunk), from, to: hunkRange(hunk) });
      }
    }
    return null;
  }
  const content = file.oldPath === null ? null : readFile(file.oldPath);
  // An unreadable file is left as written: safety or `git apply --check` gives the real reason.
  if (content === null) return null;
  const view = fileView(content);
  for (const hunk of file.hunks) {
    const where = `${name}, hunk ${numberOf(hunk)} (${hunkRange(hunk)})`;
    const found = locateBlock(view, hunk);
    if (!found.ok) {
      const old = hunk.lines.filter((l) => l.op !== "+").map((l) => l.text);
      const detail =
        found.code === "repair.no_match"
          ? `${notes.get(hunk) ?? ""}its context and removed lines match no place in the file, even ignoring whitespace, punctuation and indentation; ${closestRegion(view, old, name)}`
          : found.reason;
      return { code: found.code, reason: `${where}: ${detail}` };
    }
    const from = hunkRange(hunk);
    const conformed = conformHunk(hunk, view, found);
    if (!conformed.ok) {
      return {
        code: "repair.indent_unclear",
        reason: `${where}: matched at line ${found.oldStart} at level ${found.level}, but the added line ${JSON.stringify(conformed.line)} cannot be re-indented the way the context was; indent it like the file does`,
      };
    }
    hunk.oldCount = hunk.lines.filter((l) => l.op !== "+").length;
    hunk.newCount = hunk.lines.filter((l) => l.op !== "-").length;
    if (found.oldStart !== hunk.oldStart || found.level !== "exact") {
      hunk.oldStart = found.oldStart;
      log.add({
        kind: "relocate",
        file: name,
        hunk: numberOf(hunk),
        from,
        to: `-${found.oldStart},${hunk.oldCount}`,
        level: found.level,
      });
    }
    if (conformed.markerChanged) {
      log.add({
        kind: "no_newline_marker",
        file: name,
        hunk: numberOf(hunk),
        from: "as written",
        to: view.finalNewline
          ? "marker removed (the file ends with a newline)"
          : "\\ No newline at end of file added",
      });
    }
  }
  file.hunks.sort((a, b) => (a.oldStart ?? 0) - (b.oldStart ?? 0));
  padContext(file, view.lines, view.finalNewline, (r) => log.add(r), numberOf);
  return renumber(file, log, numberOf);
}

/** Orders hunks, refuses overlaps, and derives each new-side start from the old side. */
function renumber(file: FilePatch, log: RepairLog, numberOf: (h: Hunk) => number): Failure | null {
  const name = targetPath(file);
  file.hunks.sort((a, b) => (a.oldStart ?? 0) - (b.oldStart ?? 0));
  let delta = 0;
  let end = 0;
  for (const hunk of file.hunks) {
    const start = hunk.oldStart ?? 0;
    const first = hunk.oldCount > 0 ? start : start + 1;
    if (first < end) {
      return {
        code: "repair.overlap",
        reason: `${name}, hunk ${numberOf(hunk)} overlaps another hunk (old line ${start}); merge them into one hunk`,
      };
    }
    end = first + hunk.oldCount;
    const newFirst = first + delta;
    const newStart = hunk.newCount > 0 ? newFirst : newFirst - 1;
    if (newStart !== hunk.newStart) {
      const from = hunkRange(hunk);
      hunk.newStart = newStart;
      log.add({ kind: "relocate", file: name, hunk: numberOf(hunk), from, to: hunkRange(hunk) });
    }
    delta += hunk.newCount - hunk.oldCount;
  }
  return null;
}
