import { escapeHtml } from "./escape.js";

export interface AttemptPoint {
  attempt: number;
  costUsd: number;
  failures: number;
}

/**
 * Cost (bars, left scale) and validator failures (dots joined by a line, right scale) per attempt,
 * as inline SVG: the report must open offline, so no chart library is fetched.
 */
export function renderAttemptChart(points: AttemptPoint[]): string {
  if (points.length === 0) return "";
  const width = 480;
  const height = 160;
  const pad = { left: 56, right: 40, top: 12, bottom: 28 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const maxCost = Math.max(...points.map((p) => p.costUsd), 1e-9);
  const maxFail = Math.max(...points.map((p) => p.failures), 1);
  const slot = plotW / points.length;
  const barW = Math.min(48, slot * 0.6);
  const x = (i: number) => pad.left + slot * i + slot / 2;
  const yCost = (v: number) => pad.top + plotH - (v / maxCost) * plotH;
  const yFail = (v: number) => pad.top + plotH - (v / maxFail) * plotH;
  const bars = points
    .map(
      (p, i) =>
        `<rect class="bar" x="${(x(i) - barW / 2).toFixed(1)}" y="${yCost(p.costUsd).toFixed(1)}" width="${barW.toFixed(1)}" height="${(pad.top + plotH - yCost(p.costUsd)).toFixed(1)}"><title>attempt ${p.attempt}: $${p.costUsd.toFixed(4)}</title></rect>` +
        `<text class="axis" x="${x(i).toFixed(1)}" y="${height - 10}" text-anchor="middle">${p.attempt}</text>`,
    )
    .join("");
  const line = points.map((p, i) => `${x(i).toFixed(1)},${yFail(p.failures).toFixed(1)}`).join(" ");
  const dots = points
    .map(
      (p, i) =>
        `<circle class="dot" cx="${x(i).toFixed(1)}" cy="${yFail(p.failures).toFixed(1)}" r="4"><title>attempt ${p.attempt}: ${p.failures} failure(s)</title></circle>`,
    )
    .join("");
  const labels =
    `<text class="axis" x="${pad.left - 6}" y="${pad.top + 8}" text-anchor="end">${escapeHtml(`$${maxCost.toFixed(4)}`)}</text>` +
    `<text class="axis" x="${pad.left - 6}" y="${pad.top + plotH}" text-anchor="end">$0</text>` +
    `<text class="axis fail" x="${width - pad.right + 6}" y="${pad.top + 8}">${maxFail}</text>` +
    `<text class="axis fail" x="${width - pad.right + 6}" y="${pad.top + plotH}">0</text>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="cost and failures per attempt">
<line class="base" x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}"/>
${bars}<polyline class="fails" points="${line}"/>${dots}${labels}</svg>
<p class="legend"><span class="swatch bar"></span> cost per attempt <span class="swatch dot"></span> validator failures</p>`;
}
