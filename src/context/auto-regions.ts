import { type Definition, listDefinitions } from "../outline/definitions.js";
import { type FileRegion, inRanges, type LineRange, mergeRanges } from "../outline/region.js";

/**
 * Regions chosen by Leash when an editable file does not fit the limits whole (issue #16): the
 * definitions the goal names, the definitions the last validator output points at (a traceback's
 * `file, line N`, a compiler's `file:line`, a failing test's source line naming a function), and
 * the definitions the previous patch changed. Deterministic: the same inputs give the same regions.
 */
export interface AutoScopeInput {
  /** Editable files that have no declared region and do not fit whole. */
  files: readonly { path: string; text: string }[];
  goal: string;
  /** The previous attempt's validator output, when it failed there. */
  failureText?: string;
  previousPatch?: string;
}

/** How many lines around a `file:line` that falls outside every definition are shown. */
const LOOSE_LINE_SPAN = 8;
/** Identifiers shorter than this say too little to pick a definition by name. */
const MIN_NAME = 3;

export async function autoRegions(input: AutoScopeInput): Promise<FileRegion[]> {
  const words = identifiersIn(`${input.goal}\n${input.failureText ?? ""}`);
  const regions: FileRegion[] = [];
  for (const file of input.files) {
    const definitions = await listDefinitions(file.path, file.text);
    // No grammar: nothing to scope by; the file stays whole and the caller blocks as before.
    if (definitions === null) continue;
    const picked = new Map<Definition, string>();
    const ranges: LineRange[] = [];
    const sources: string[] = [];
    for (const d of definitions) {
      const last = d.name.slice(d.name.lastIndexOf(".") + 1);
      if (words.has(d.name) || (last.length >= MIN_NAME && words.has(last))) picked.set(d, `named ${d.name}`);
    }
    for (const line of linesNamed(file.path, input.failureText ?? "")) {
      const d = innermost(definitions, line);
      if (d) picked.set(d, picked.get(d) ?? `failure at line ${line}`);
      else {
        ranges.push([Math.max(1, line - LOOSE_LINE_SPAN), line + LOOSE_LINE_SPAN]);
        sources.push(`failure at line ${line}`);
      }
    }
    for (const [start, end] of hunkRanges(file.path, input.previousPatch ?? "")) {
      const d = innermost(definitions, start);
      if (d) picked.set(d, picked.get(d) ?? "changed by the previous patch");
      else {
        ranges.push([start, end]);
        sources.push("changed by the previous patch");
      }
    }
    // A class and one of its methods both named: the method is the part to show.
    for (const [d, why] of picked) {
      if ([...picked.keys()].some((o) => o !== d && o.startLine >= d.startLine && o.endLine <= d.endLine))
        continue;
      ranges.push([d.startLine, d.endLine]);
      sources.push(why);
    }
    const lineCount = file.text.split("\n").length - (file.text.endsWith("\n") ? 1 : 0);
    const merged = mergeRanges(ranges.map(([a, b]) => [a, Math.min(b, lineCount)] as LineRange));
    regions.push({
      path: file.path,
      editable: true,
      ranges: merged,
      outlineOnly: merged.length === 0,
      outline: definitions
        .filter((d) => d.depth <= 1 && !inRanges(d.startLine, merged))
        .map((d) => ({ line: d.startLine, text: d.signature })),
      sources: [`chosen automatically: ${sources.length > 0 ? sources.join(", ") : "nothing named it yet"}`],
    });
  }
  return regions;
}

function identifiersIn(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g) ?? []);
}

function innermost(definitions: readonly Definition[], line: number): Definition | undefined {
  return definitions
    .filter((d) => d.startLine <= line && line <= d.endLine)
    .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
}

/**
 * Lines of `path` a failure names: `path", line 12` (Python), `path:12` / `path:12:5` (compilers,
 * linters, test runners), `path(12,5)` (tsc). Paths may be printed absolute or from elsewhere, so
 * the repo-relative path is matched as a suffix.
 */
function linesNamed(path: string, text: string): number[] {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?:^|[\\s"'(/])${escaped}(?:", line |:|\\()(\\d+)`, "gm");
  return [...new Set([...text.matchAll(re)].map((m) => Number(m[1])))].filter((n) => n > 0);
}

/** The old-side line ranges the previous patch's hunks covered in `path`. */
function hunkRanges(path: string, patch: string): LineRange[] {
  const out: LineRange[] = [];
  let inFile = false;
  for (const line of patch.split("\n")) {
    if (line.startsWith("--- ")) inFile = line.slice(4).replace(/^a\//, "").split("\t")[0]?.trim() === path;
    const hunk = inFile ? /^@@ -(\d+)(?:,(\d+))? /.exec(line) : null;
    if (hunk) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      out.push([Math.max(1, start), Math.max(start, start + count - 1)]);
    }
  }
  return out;
}
