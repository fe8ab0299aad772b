/** The report's only stylesheet, inlined: the file must render with the network off. */
export const PAGE_STYLE = `
:root { color-scheme: light; --fg:#1d2127; --muted:#5f6b7a; --line:#d8dee6; --add:#e6f6ea; --add-fg:#116329;
  --del:#fdecec; --del-fg:#a40e26; --accent:#2f6fdb; --warn:#9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.status { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; }
.status.good { background: #1f883d; } .status.bad { background: #cf222e; } .status.stop { background: #9a6700; }
.muted { color: var(--muted); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 10px 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 8px 16px; }
.facts div span { display: block; color: var(--muted); font-size: 12px; }
code, pre, table.diff { font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
table.diff { border-collapse: collapse; width: 100%; background: #fff; }
table.diff td { padding: 0 8px; vertical-align: top; white-space: pre-wrap; word-break: break-word; }
table.diff td.ln { color: var(--muted); text-align: right; width: 1%; user-select: none; }
table.diff td.sign { width: 1%; user-select: none; }
tr.add { background: var(--add); } tr.add td.sign { color: var(--add-fg); }
tr.del { background: var(--del); } tr.del td.sign { color: var(--del-fg); }
tr.hunk td { background: #eef3fb; color: var(--accent); } tr.file td { background: #f0f2f5; font-weight: 600; padding: 6px 8px; }
tr.note td { color: var(--muted); font-style: italic; }
.k { color: #8250df; } .s { color: #0a3069; } .c { color: #6e7781; font-style: italic; } .n { color: #0550ae; }
.attempt h3 { font-size: 14px; margin: 0 0 6px; }
.verdict { font-weight: 600; } .pass { color: #1f883d; } .fail { color: #cf222e; }
ul.failures { margin: 4px 0 0; padding-left: 20px; }
svg.chart .bar { fill: #8fb3f5; } svg.chart .fails { fill: none; stroke: #cf222e; stroke-width: 2; }
svg.chart .dot { fill: #cf222e; } svg.chart .axis { font-size: 11px; fill: var(--muted); } svg.chart .base { stroke: var(--line); }
svg.chart .axis.fail { fill: #cf222e; }
.legend { font-size: 12px; color: var(--muted); } .swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; }
.swatch.bar { background: #8fb3f5; } .swatch.dot { background: #cf222e; border-radius: 50%; }
.undo code { background: #f0f2f5; padding: 3px 6px; border-radius: 4px; }
`;
