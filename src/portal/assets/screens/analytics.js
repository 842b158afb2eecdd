// Analytics of one tournament: events over time by outcome, players over time, the
// score distribution, who is in the money and the prize budget, drawn in the page.

import { get, tournamentPath } from "../api.js";
import { h, clear, statusBox, withState, table, fmtNumber, prizeText, heading } from "../ui.js";
import { barChart, lineChart } from "../charts.js";
import { tournamentTabs } from "./tabs.js";

function timeLabel(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().slice(5, 16).replace("T", " ");
}

const sumValues = (m) => Object.values(m || {}).reduce((a, b) => a + Number(b || 0), 0);

function charts(out, a) {
  const buckets = a.buckets || [];
  const labels = buckets.map((b) => timeLabel(b.at));
  const outcome = (name, cls, f) => ({ name, cls, values: buckets.map(f) });
  const events = barChart({
    title: `Events over time by outcome (UTC, ${a.bucket_seconds || "?"} s per bar)`,
    labels,
    series: [
      outcome("counted", 0, (b) => b.counted),
      outcome("ineligible", 1, (b) => sumValues(b.ineligible)),
      outcome("duplicates", 2, (b) => b.duplicates),
      outcome("late", 3, (b) => b.late),
      outcome("malformed", 4, (b) => b.malformed),
      outcome("cannot be scored", 5, (b) => b.unscorable),
    ],
  });
  const rules = [...new Set(buckets.flatMap((b) => Object.keys(b.ineligible || {})))];
  const byRule = rules.length ? table("Ineligible events by rule", [
    { label: "Rule", value: (r) => h("code", {}, r) },
    { label: "Events", value: (r) => fmtNumber(buckets.reduce((s, b) => s + Number((b.ineligible || {})[r] || 0), 0)), num: true },
  ], rules) : null;
  const players = lineChart({ title: "Players over time (UTC)", labels, values: buckets.map((b) => b.players) });
  const bands = a.score_distribution || [];
  const dist = barChart({
    title: "Score distribution: players per score band",
    labels: bands.map((b) => `${short(b.from)}–${short(b.to)}`),
    series: [{ name: "players", cls: 0, values: bands.map((b) => b.players) }],
    labelHeader: "Score",
  });
  const money = table("In the money", [
    { label: "Place", value: (r) => r.place, num: true },
    { label: "Player", value: (r) => r.player },
    { label: "Score", value: (r) => r.score, num: true },
    { label: "Prize", value: (r) => prizeText(r.prize) },
  ], (a.in_the_money || []).slice(0, 200), { empty: "Nobody is in the money yet." });
  const b = a.prize_budget || {};
  const budget = h("section", { class: "budget" }, h("h2", {}, "Prize budget"),
    h("p", {}, `${fmtNumber(b.paid_places)} places win something, as the board stands now.`),
    h("dl", { class: "counts" }, Object.entries(b.money || {}).map(([cur, amount]) => h("div", {}, h("dt", {}, cur), h("dd", {}, String(amount))))),
    (b.other || []).length ? h("ul", {}, b.other.map((o) => h("li", {}, `${o.from === o.to ? `place ${o.from}` : `places ${o.from}–${o.to}`}: ${o.text}`))) : null);
  clear(out, h("div", { class: "chart-grid" }, events, players, dist), byRule,
    h("section", {}, h("h2", {}, "In the money"), money), budget);
}

function short(x) {
  const n = Number(x);
  if (!Number.isFinite(n)) return String(x);
  return Math.abs(n) >= 1000 ? `${+(n / 1000).toFixed(1)}k` : String(+n.toFixed(2));
}

export function render(main, { params }) {
  const id = params.id;
  const status = statusBox();
  const out = h("div", { class: "analytics" });
  const refresh = h("button", { type: "button", class: "secondary", onclick: () => load() }, "Refresh");
  main.append(...heading(`Analytics: ${id}`), tournamentTabs(id, "analytics"), h("div", { class: "actions" }, refresh), status, out);
  const load = () => withState(status, () => get(`${tournamentPath(id)}/analytics`), (a) => charts(out, a || {}), "Loading analytics…");
  load();
}
