import { locateBlock } from "./locate-block.js";
import { padContext } from "./pad-context.js";
import type { FilePatch, Hunk, ParsedPatch, Repair } from "./types.js";
import { hunkRange, targetPath } from "./types.js";

/**
 * Fixes the slips models make that have exactly one correct reading: header counts that do
 * not match the body, line numbers that are off or missing, missing `a/`/`b/` prefixes. A hunk
 * is moved only to the single place where its context and removed lines match verbatim.
 */

export type RepairResult =
  | { ok: true; patch: ParsedPatch; repairs: Repair[] }
  | { ok: false; code: string; reason: string; repairs: Repair[] };

export type ReadRepoFile = (path: string) => Buffer | null;

const range = hunkRange;

export function repairPatch(parsed: ParsedPatch, readFile: ReadRepoFile): RepairResult {
  const patch: ParsedPatch = structuredClone(parsed);
  const repairs: Repair[] = [];
  for (const file of patch.files) {
    const name = targetPath(file);
    if (file.prefixMissing) {
      repairs.push({
        kind: "add_prefix",
        file: name,
        hunk: 0,
        from: `${file.oldPath} ${file.newPath}`,
        to: "a/ b/",
      });
      file.prefixMissing = false;
    }
    for (const [index, hunk] of file.hunks.entries()) recount(hunk, name, index + 1, repairs);
    const failure = locateHunks(file, readFile, repairs);
    if (failure) return { ok: false, code: failure.code, reason: failure.reason, repairs };
  }
  return { ok: true, patch, repairs };
}

function recount(hunk: Hunk, file: string, index: number, repairs: Repair[]): void {
  const oldCount = hunk.lines.filter((l) => l.op !== "+").length;
  const newCount = hunk.lines.filter((l) => l.op !== "-").length;
  if (oldCount === hunk.oldCount && newCount === hunk.newCount) return;
  const from = range(hunk);
  hunk.oldCount = oldCount;
  hunk.newCount = newCount;
  if (hunk.oldStart !== null) repairs.push({ kind: "recount", file, hunk: index, from, to: range(hunk) });
}

function locateHunks(
  file: FilePatch,
  readFile: ReadRepoFile,
  repairs: Repair[],
): { code: string; reason: string } | null {
  const name = targetPath(file);
  if (file.binary || file.hunks.length === 0 || file.kind === "delete") return null;
  if (file.kind === "create") {
    for (const hunk of file.hunks) {
      if (hunk.oldStart !== 0 || hunk.newStart !== 1) {
        const from = range(hunk);
        hunk.oldStart = 0;
        hunk.newStart = hunk.newCount > 0 ? 1 : 0;
        if (from !== range(hunk))
          repairs.push({ kind: "relocate", file: name, hunk: 1, from, to: range(hunk) });
      }
    }
    return null;
  }
  const content = file.oldPath === null ? null : readFile(file.oldPath);
  // An unreadable file is left as written: safety or `git apply --check` gives the real reason.
  if (content === null) return null;
  const lines = content.toString("utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const [index, hunk] of file.hunks.entries()) {
    const found = locateBlock(lines, hunk);
    if (!found.ok) {
      return { code: found.code, reason: `${name}, hunk ${index + 1} (${range(hunk)}): ${found.reason}` };
    }
    if (found.oldStart !== hunk.oldStart) {
      const from = range(hunk);
      hunk.oldStart = found.oldStart;
      repairs.push({
        kind: "relocate",
        file: name,
        hunk: index + 1,
        from,
        to: `-${found.oldStart},${hunk.oldCount}`,
      });
    }
  }
  file.hunks.sort((a, b) => (a.oldStart ?? 0) - (b.oldStart ?? 0));
  padContext(file, lines, content.length === 0 || content[content.length - 1] === 0x0a, repairs);
  return renumber(file, repairs);
}

/** Orders hunks, refuses overlaps, and derives each new-side start from the old side. */
function renumber(file: FilePatch, repairs: Repair[]): { code: string; reason: string } | null {
  const name = targetPath(file);
  file.hunks.sort((a, b) => (a.oldStart ?? 0) - (b.oldStart ?? 0));
  let delta = 0;
  let end = 0;
  for (const [index, hunk] of file.hunks.entries()) {
    const start = hunk.oldStart ?? 0;
    const first = hunk.oldCount > 0 ? start : start + 1;
    if (first < end) {
      return {
        code: "repair.overlap",
        reason: `${name}, hunk ${index + 1} overlaps the hunk before it (old line ${start})`,
      };
    }
    end = first + hunk.oldCount;
    const newFirst = first + delta;
    const newStart = hunk.newCount > 0 ? newFirst : newFirst - 1;
    if (newStart !== hunk.newStart) {
      const from = range(hunk);
      hunk.newStart = newStart;
      repairs.push({ kind: "relocate", file: name, hunk: index + 1, from, to: range(hunk) });
    }
    delta += hunk.newCount - hunk.oldCount;
  }
  return null;
}
