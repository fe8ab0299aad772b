import type { FileRegion, LineRange, OutlineEntry } from "../outline/region.js";
import { mergeRanges } from "../outline/region.js";
import type { AdmittedFile } from "./admit-files.js";

/** Lines shown around a region so hunks can be placed with real context. */
export const REGION_PADDING = 3;

/**
 * An outline longer than this keeps the entries nearest the regions (classes always) and counts the
 * rest: a module of a thousand helpers must not cost what its code would.
 */
export const OUTLINE_MAX_ENTRIES = 40;

/**
 * Part of a file as the model sees it: the regions (padded) with their real line numbers, a
 * marker for every stretch left out, and the outline of the rest with line numbers, so the model
 * knows what exists without paying for it.
 */
export function renderRegionFile(file: AdmittedFile & { text: string }, region: FileRegion): string {
  const lines = file.text.split("\n");
  if (file.text.endsWith("\n")) lines.pop();
  const total = lines.length;
  const width = Math.max(4, String(total).length);
  const label = file.editable ? "editable only inside the regions shown" : "read-only context";
  const outline = boundedOutline(region).map((e) =>
    typeof e === "string" ? e : `${String(e.line).padStart(width)}| ${e.text.trim()}`,
  );
  if (region.outlineOnly) {
    return `## ${file.path} (${label}, ${total} lines, outline only: signatures, not the code)\n----- outline of ${file.path} -----\n${outline.join("\n") || "(no definitions found)"}\n----- end outline -----`;
  }
  const shown = padded(region.ranges, total);
  const body: string[] = [];
  let next = 1;
  for (const [start, end] of shown) {
    if (start > next) body.push(`[… lines ${next}-${start - 1} not shown …]`);
    for (let n = start; n <= end; n++) body.push(`${String(n).padStart(width)}| ${lines[n - 1] ?? ""}`);
    next = end + 1;
  }
  if (next <= total) body.push(`[… lines ${next}-${total} not shown …]`);
  const regions = region.ranges.map(([a, b]) => `${a}-${b}`).join(", ");
  const parts = [
    `## ${file.path} (${label}: lines ${regions} of ${total}; ${region.sources.join(", ")})`,
    `----- begin ${file.path} (excerpt) -----`,
    body.join("\n"),
    `----- end ${file.path} -----`,
  ];
  if (outline.length > 0) parts.push(`Outline of the rest of ${file.path}:`, outline.join("\n"));
  return parts.join("\n");
}

function padded(ranges: readonly LineRange[], total: number): LineRange[] {
  return mergeRanges(
    ranges.map(
      ([a, b]) => [Math.max(1, a - REGION_PADDING), Math.min(total, b + REGION_PADDING)] as LineRange,
    ),
  );
}

function boundedOutline(region: FileRegion): (OutlineEntry | string)[] {
  const entries = region.outline;
  if (entries.length <= OUTLINE_MAX_ENTRIES) return entries;
  const anchor = region.ranges[0]?.[0] ?? 1;
  const keep = new Set(
    [...entries].sort((a, b) => rank(a, anchor) - rank(b, anchor)).slice(0, OUTLINE_MAX_ENTRIES),
  );
  const out: (OutlineEntry | string)[] = [];
  let skipped = 0;
  for (const entry of entries) {
    if (keep.has(entry)) {
      if (skipped > 0) out.push(`[… ${skipped} more definitions not listed …]`);
      skipped = 0;
      out.push(entry);
    } else skipped += 1;
  }
  if (skipped > 0) out.push(`[… ${skipped} more definitions not listed …]`);
  return out;
}

/** Classes first, then by distance from the first region. */
function rank(entry: OutlineEntry, anchor: number): number {
  const isClass = /^\s*(export\s+)?(abstract\s+)?class\s/.test(entry.text);
  return (isClass ? 0 : 1_000_000) + Math.abs(entry.line - anchor);
}
