/**
 * A plain-text table for the terminal: columns as wide as their widest cell, two spaces apart.
 * `numbers` right-aligns every column after the first (money and counts line up).
 */
export function renderTable(header: string[], rows: string[][], align: "text" | "numbers" = "text"): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const pad = (c: string, i: number) =>
    align === "numbers" && i > 0 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0);
  const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
