/**
 * Charts as inline SVG built from numbers only (no script, no third-party asset; colours are attributes, which
 * the CSP allows). Every chart carries a text title and a data table nearby for screen readers.
 */
import { escapeHtml, raw, type Html } from "../html.js";

const W = 640;
const H = 200;
const PAD = { left: 44, right: 10, top: 10, bottom: 34 };
const ACCENT = "#1f6f5c";

const esc = (t: string) => escapeHtml(t);

/** Roughly how wide the chart's 11px text is per character, in the SVG's own units. */
const CHAR_W = 6.2;
const LABEL_CHARS = 14;

/**
 * Vertical bars, one per label (values ≥ 0); `format` renders the axis maximum and tooltips. Labels that would
 * overlap side by side ("US-KY → US-NY" under nine lanes) are slanted, and the chart grows downwards to fit them.
 */
export function barChart(
  title: string,
  bars: { label: string; value: number }[],
  format: (v: number) => string,
): Html {
  const max = Math.max(1e-9, ...bars.map((b) => b.value));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = bars.length ? innerW / bars.length : innerW;
  const width = Math.max(2, step * 0.7);
  const labelEvery = Math.ceil(bars.length / 12);
  const longest = Math.max(0, ...bars.map((b) => Math.min(b.label.length, LABEL_CHARS))) * CHAR_W;
  const slanted = longest + 6 > step * labelEvery;
  // sin 35° of the longest label below the axis, plus room for the first line.
  const bottom = slanted ? 18 + Math.ceil(longest * 0.574) : PAD.bottom;
  const height = H - PAD.bottom + bottom;
  const axisY = PAD.top + innerH;
  const parts = bars.map((b, i) => {
    const h = (b.value / max) * innerH;
    const x = PAD.left + i * step + (step - width) / 2;
    const y = axisY - h;
    const cx = (x + width / 2).toFixed(1);
    const text = esc(b.label.slice(0, LABEL_CHARS));
    const label =
      i % labelEvery !== 0
        ? ""
        : slanted
          ? `<text x="${cx}" y="${axisY + 12}" text-anchor="end" transform="rotate(-35 ${cx} ${axisY + 12})">${text}</text>`
          : `<text x="${cx}" y="${axisY + 14}" text-anchor="middle">${text}</text>`;
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}" fill="${ACCENT}"><title>${esc(b.label)}: ${esc(format(b.value))}</title></rect>${label}`;
  });
  return raw(`<svg class="chart" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${esc(title)}">
<title>${esc(title)}</title>
<line x1="${PAD.left}" y1="${axisY}" x2="${W - PAD.right}" y2="${axisY}" stroke="#aab4bf"/>
<text x="${PAD.left - 6}" y="${PAD.top + 10}" text-anchor="end">${esc(format(max))}</text>
<text x="${PAD.left - 6}" y="${axisY}" text-anchor="end">${esc(format(0))}</text>
${parts.join("")}</svg>`);
}

/** A line over days (null values leave a gap), with the y axis from 0 to `yMax`. */
export function lineChart(
  title: string,
  points: { label: string; value: number | null }[],
  yMax: number,
  format: (v: number) => string,
): Html {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length > 1 ? (i / (points.length - 1)) * innerW : innerW / 2);
  const y = (v: number) => PAD.top + innerH - (Math.min(v, yMax) / yMax) * innerH;
  let path = "";
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      pen = false;
      return;
    }
    path += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  const dots = points
    .map((p, i) =>
      p.value === null
        ? ""
        : `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="${ACCENT}"><title>${esc(p.label)}: ${esc(format(p.value))}</title></circle>`,
    )
    .join("");
  const labelEvery = Math.ceil(points.length / 10);
  const labels = points
    .map((p, i) =>
      i % labelEvery === 0
        ? `<text x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${esc(p.label.slice(5))}</text>`
        : "",
    )
    .join("");
  return raw(`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">
<title>${esc(title)}</title>
<line x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${W - PAD.right}" y2="${PAD.top + innerH}" stroke="#aab4bf"/>
<text x="${PAD.left - 6}" y="${PAD.top + 10}" text-anchor="end">${esc(format(yMax))}</text>
<text x="${PAD.left - 6}" y="${PAD.top + innerH}" text-anchor="end">${esc(format(0))}</text>
<path d="${path}" fill="none" stroke="${ACCENT}" stroke-width="2"/>${dots}${labels}</svg>`);
}
