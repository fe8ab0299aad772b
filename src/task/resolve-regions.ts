import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { closestName } from "../config/did-you-mean.js";
import type { YamlSource } from "../config/yaml-source.js";
import { InputError, type LeashError } from "../errors.js";
import { type Definition, listDefinitions } from "../outline/definitions.js";
import { type FileRegion, inRanges, type LineRange, mergeRanges } from "../outline/region.js";
import type { RegionSpec } from "./region-entries.js";

/**
 * Turns the task's region entries into line ranges and outlines, read from the repository as it
 * is now (the checkpoint a run starts from). Every problem is an error positioned at its entry:
 * a glob with a region, a missing file, a range past the end, an unknown symbol (with
 * did-you-mean), a symbol in a language Leash has no grammar for.
 */
export async function resolveRegions(
  specs: readonly RegionSpec[],
  repoRoot: string,
  source: YamlSource,
): Promise<{ regions: FileRegion[]; errors: LeashError[] }> {
  const errors: LeashError[] = [];
  const byPath = new Map<string, FileRegion>();
  for (const spec of specs) {
    const location = source.locate([spec.field, spec.index]);
    const fail = (code: string, message: string, hint: string) =>
      errors.push(new InputError(code, `${spec.field}[${spec.index}]: ${message}`, { location, hint }));
    if (/[*?[\]{}!]/.test(spec.path)) {
      fail("task.region_glob", `${spec.path} is a glob; regions name one file`, "list the file itself");
      continue;
    }
    const text = await readFile(join(repoRoot, spec.path), "utf8").catch(() => null);
    if (text === null) {
      fail("task.region_missing", `${spec.path} does not exist`, "regions name part of an existing file");
      continue;
    }
    const lineCount = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    const ranges: LineRange[] = [];
    const sources: string[] = [];
    for (const [start, end] of spec.lines) {
      if (start < 1 || end < start || end > lineCount) {
        fail(
          "task.region_lines",
          `lines ${start}-${end} are not inside ${spec.path} (${lineCount} lines)`,
          `give a range from 1 to ${lineCount}, start before end`,
        );
        continue;
      }
      ranges.push([start, end]);
      sources.push(`lines ${start}-${end}`);
    }
    let definitions: Definition[] | null = null;
    if (spec.symbols.length > 0 || spec.outline || spec.lines.length > 0) {
      definitions = await listDefinitions(spec.path, text);
    }
    if (spec.symbols.length > 0 && definitions === null) {
      fail(
        "task.region_no_grammar",
        `symbols need a parser, and Leash has none for ${spec.path}`,
        "name the region by lines instead (path#L10-20); symbols work in Python, TypeScript and JavaScript",
      );
      continue;
    }
    for (const symbol of spec.symbols) {
      const found = findSymbol(definitions ?? [], symbol);
      if (found.length === 0) {
        const names = (definitions ?? []).map((d) => d.name);
        const close = closestName(symbol, names) ?? names.find((n) => n.endsWith(`.${symbol}`));
        fail(
          "task.unknown_symbol",
          `no definition ${symbol} in ${spec.path}`,
          close
            ? `did you mean \`${close}\`?`
            : `defined there: ${names.slice(0, 12).join(", ") || "nothing"}`,
        );
        continue;
      }
      if (found.length > 1) {
        fail(
          "task.ambiguous_symbol",
          `${symbol} names ${found.length} definitions in ${spec.path} (lines ${found.map((d) => d.startLine).join(", ")})`,
          `qualify it, e.g. ${found.map((d) => d.name).join(" or ")}, or use lines`,
        );
        continue;
      }
      const d = found[0] as Definition;
      ranges.push([d.startLine, d.endLine]);
      sources.push(`symbol ${d.name}`);
    }
    if (spec.outline && spec.field === "allowed_files") {
      fail("task.region_outline", "an editable file cannot be outline only", "move it to context_files");
      continue;
    }
    const merged = mergeRanges(ranges);
    const outline = (definitions ?? [])
      .filter((d) => d.depth <= 1 && (spec.outline || !inRanges(d.startLine, merged)))
      .map((d) => ({ line: d.startLine, text: d.signature }));
    const previous = byPath.get(spec.path);
    byPath.set(spec.path, {
      path: spec.path,
      editable: (previous?.editable ?? false) || spec.field === "allowed_files",
      ranges: mergeRanges([...(previous?.ranges ?? []), ...merged]),
      outlineOnly: spec.outline && !previous,
      outline: previous ? previous.outline.filter((e) => !inRanges(e.line, merged)) : outline,
      sources: [...(previous?.sources ?? []), ...(spec.outline ? ["outline"] : sources)],
    });
  }
  return { regions: [...byPath.values()], errors };
}

/** `Parameter.get_usage_pieces` by its full name, or a bare `get_usage_pieces` when unique. */
function findSymbol(definitions: readonly Definition[], symbol: string): Definition[] {
  const exact = definitions.filter((d) => d.name === symbol);
  if (exact.length > 0) return exact;
  return definitions.filter((d) => d.name.endsWith(`.${symbol}`));
}
