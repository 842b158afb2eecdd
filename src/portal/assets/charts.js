// Charts drawn in the page as SVG: stacked bars and a line, each with a title, axis
// labels, a legend and the numbers as a table for screen readers and copying.

import { h } from "./ui.js";

const W = 640;
const H = 220;
const PAD = { left: 52, right: 12, top: 12, bottom: 36 };

const svg = (tag, attrs = {}, ...children) => h(`svg:${tag}`, attrs, ...children);

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function short(n) {
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(+n.toFixed(2));
}

function axes(max, labels) {
  const plotH = H - PAD.top - PAD.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + plotH * (1 - f);
    return svg("g", { class: "tick" },
      svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: "grid" }),
      svg("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, short(max * f)));
  });
  const step = Math.max(1, Math.ceil(labels.length / 6));
  const plotW = W - PAD.left - PAD.right;
  const xs = labels.map((l, i) => (i % step === 0
    ? svg("text", { x: PAD.left + plotW * ((i + 0.5) / labels.length), y: H - PAD.bottom + 16, "text-anchor": "middle" }, l)
    : null));
  return svg("g", { class: "axes" }, ticks, xs);
}

function dataTable(labels, series, labelHeader) {
  return h("details", { class: "chart-data" }, h("summary", {}, "The numbers"),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, labelHeader), series.map((s) => h("th", { scope: "col", class: "num" }, s.name)))),
      h("tbody", {}, labels.map((l, i) => h("tr", {}, h("th", { scope: "row" }, l), series.map((s) => h("td", { class: "num" }, String(s.values[i] ?? 0)))))))));
}

function legend(series) {
  return h("ul", { class: "legend" }, series.map((s, i) => h("li", {}, h("span", { class: `swatch s${s.cls ?? i}`, "aria-hidden": "true" }), s.name)));
}

function figure(title, description, chart, extra) {
  return h("figure", { class: "chart" }, h("figcaption", {}, title),
    svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${title}: ${description}`, preserveAspectRatio: "xMidYMid meet" }, chart),
    extra);
}

// Bars per label; with several series they stack.
export function barChart({ title, labels, series, labelHeader = "Time" }) {
  const totals = labels.map((_, i) => series.reduce((a, s) => a + (Number(s.values[i]) || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / Math.max(1, labels.length);
  const bars = labels.map((_, i) => {
    let y = PAD.top + plotH;
    return series.map((s, si) => {
      const v = Number(s.values[i]) || 0;
      const bh = (v / max) * plotH;
      y -= bh;
      return v > 0 ? svg("rect", { x: PAD.left + i * bw + bw * 0.1, y, width: Math.max(1, bw * 0.8), height: bh, class: `bar s${s.cls ?? si}` },
        svg("title", {}, `${labels[i]}: ${s.name} ${v}`)) : null;
    });
  });
  const desc = labels.length ? `${labels.length} bars, highest total ${Math.max(...totals)}` : "no data yet";
  return figure(title, desc, [axes(max, labels), svg("g", {}, bars)],
    [series.length > 1 ? legend(series) : null, dataTable(labels, series, labelHeader)]);
}

export function lineChart({ title, labels, values, name = "Players" }) {
  const nums = values.map((v) => Number(v) || 0);
  const max = niceMax(Math.max(0, ...nums));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const pts = nums.map((v, i) => [PAD.left + plotW * ((i + 0.5) / Math.max(1, nums.length)), PAD.top + plotH * (1 - v / max)]);
  const d = pts.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  const desc = nums.length ? `from ${nums[0]} to ${nums[nums.length - 1]}` : "no data yet";
  return figure(title, desc, [axes(max, labels), pts.length ? svg("path", { d, class: "line s0" }) : null,
    pts.map(([x, y], i) => svg("circle", { cx: x, cy: y, r: 2.5, class: "dot s0" }, svg("title", {}, `${labels[i]}: ${nums[i]}`)))],
    dataTable(labels, [{ name, values: nums }], "Time"));
}
