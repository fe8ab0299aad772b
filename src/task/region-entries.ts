import { z } from "zod";

/**
 * An allowed or context entry: a path or glob as before, `path#L10-20` (several: `#L10-20,L40-52`),
 * or a mapping naming lines, symbols, or an outline only.
 */
export const fileEntrySchema = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1),
    lines: z.array(z.string().regex(/^\d+-\d+$/, "a line range such as 10-20")).optional(),
    symbols: z.array(z.string().min(1)).optional(),
    outline: z.boolean().optional(),
  }),
]);

export type FileEntry = z.infer<typeof fileEntrySchema>;

export interface RegionSpec {
  path: string;
  field: "allowed_files" | "context_files";
  index: number;
  lines: [number, number][];
  symbols: string[];
  outline: boolean;
}

const LINE_SUFFIX = /^(.*)#(L\d+-\d+(?:,L\d+-\d+)*)$/;

/** The plain path of an entry (what globs and safety see) and its region, when it names one. */
export function splitEntry(
  entry: FileEntry,
  field: RegionSpec["field"],
  index: number,
): { path: string; spec?: RegionSpec } {
  if (typeof entry === "string") {
    const m = LINE_SUFFIX.exec(entry);
    if (!m) return { path: entry };
    const lines = (m[2] ?? "").split(",").map((r) => rangeOf(r.slice(1)));
    return {
      path: m[1] ?? entry,
      spec: { path: m[1] ?? entry, field, index, lines, symbols: [], outline: false },
    };
  }
  const lines = (entry.lines ?? []).map(rangeOf);
  const symbols = entry.symbols ?? [];
  const outline = entry.outline ?? false;
  if (lines.length === 0 && symbols.length === 0 && !outline) return { path: entry.path };
  return { path: entry.path, spec: { path: entry.path, field, index, lines, symbols, outline } };
}

function rangeOf(text: string): [number, number] {
  const [a, b] = text.split("-").map(Number);
  return [a ?? 0, b ?? 0];
}
