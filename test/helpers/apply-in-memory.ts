import type { FilePatch, Hunk, ParsedPatch } from "../../src/patch/types.js";

/**
 * `git apply` for a tree held in a Map: every hunk must match its old lines exactly where its
 * header says (repair has already placed it), or nothing is applied. Engine tests use it as the
 * in-memory workspace's check and apply; the real patch road (parse, safety, repair) runs unchanged.
 */

export type Tree = Map<string, Buffer>;
export type ApplyInMemory = { ok: true; tree: Tree; touched: string[] } | { ok: false; reason: string };

interface Line {
  text: string;
  eol: boolean;
}

export function applyInMemory(tree: ReadonlyMap<string, Buffer>, patch: ParsedPatch): ApplyInMemory {
  const next: Tree = new Map(tree);
  for (const file of patch.files) {
    const failure = applyFile(next, file);
    if (failure !== null) return { ok: false, reason: failure };
  }
  const paths = new Set([...tree.keys(), ...next.keys()]);
  const touched = [...paths].filter((p) => !same(tree.get(p), next.get(p))).sort();
  return { ok: true, tree: next, touched };
}

function applyFile(tree: Tree, file: FilePatch): string | null {
  const from = file.oldPath;
  const to = file.newPath;
  if (file.binary || file.submodule)
    return `${to ?? from}: binary and submodule patches are not applied in memory`;
  if (file.kind === "create") {
    if (to === null || tree.has(to)) return `${to}: already exists`;
    const made = applyHunks(to, null, file.hunks);
    if (typeof made === "string") return made;
    tree.set(to, made);
    return null;
  }
  if (from === null || !tree.has(from)) return `${from}: does not exist in the working tree`;
  const changed = applyHunks(from, tree.get(from) ?? null, file.hunks);
  if (typeof changed === "string") return changed;
  if (file.kind === "delete") {
    if (changed.length > 0) return `${from}: the deletion does not remove every line`;
    tree.delete(from);
    return null;
  }
  if ((file.kind === "rename" || file.kind === "copy") && to !== null) {
    if (tree.has(to)) return `${to}: already exists`;
    if (file.kind === "rename") tree.delete(from);
    tree.set(to, changed);
    return null;
  }
  tree.set(from, changed);
  return null;
}

function applyHunks(path: string, content: Buffer | null, hunks: Hunk[]): Buffer | string {
  const lines = content === null ? [] : toLines(content);
  let offset = 0;
  for (const [k, hunk] of hunks.entries()) {
    const side = (op: "-" | "+") =>
      hunk.lines.filter((l) => l.op !== op).map((l): Line => ({ text: l.text, eol: !l.noNewline }));
    const oldSide = side("+");
    const newSide = side("-");
    // A hunk that only adds lines is placed after line oldStart, not at it.
    const start = (hunk.oldStart ?? 0) - (hunk.oldCount === 0 ? 0 : 1) + offset;
    const actual = lines.slice(start, start + oldSide.length);
    const matches =
      start >= 0 &&
      actual.length === oldSide.length &&
      actual.every((l, i) => l.text === oldSide[i]?.text && l.eol === oldSide[i]?.eol);
    if (!matches) return `${path}: hunk ${k + 1} does not match the file at line ${start + 1}`;
    lines.splice(start, oldSide.length, ...newSide);
    offset += newSide.length - oldSide.length;
  }
  return Buffer.from(lines.map((l) => `${l.text}${l.eol ? "\n" : ""}`).join(""));
}

function toLines(content: Buffer): Line[] {
  const parts = content.toString("utf8").split("\n");
  const last = parts.pop() ?? "";
  const lines = parts.map((text) => ({ text, eol: true }));
  if (last !== "") lines.push({ text: last, eol: false });
  return lines;
}

function same(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}
