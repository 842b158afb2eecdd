// Tournaments by phase, with players, counted wagers and lag; each opens its board.

import { get } from "../api.js";
import { h, clear, statusBox, withState, table, fmtNumber, fmtTime, heading } from "../ui.js";

export const PHASES = ["draft", "scheduled", "prewarm", "running", "finalizing", "finished", "retired"];
const LABEL = { prewarm: "pre-warm" };

function lagText(lag) {
  if (lag === null || lag === undefined) return "–";
  if (typeof lag === "number") return lag < 1 ? `${Math.round(lag * 1000)} ms` : `${lag.toFixed(1)} s`;
  return String(lag);
}

function renderList(out, list) {
  if (!list.length) {
    clear(out, h("p", { class: "empty" }, "No tournament yet. ", h("a", { href: "#/new" }, "Start one from a template")));
    return;
  }
  const phases = [...PHASES, ...new Set(list.map((t) => t.phase).filter((p) => !PHASES.includes(p)))];
  clear(out, phases.map((phase) => {
    const items = list.filter((t) => t.phase === phase);
    if (!items.length) return null;
    const id = `phase-${phase}`;
    return h("section", { class: "phase", "aria-labelledby": id },
      h("h2", { id }, `${LABEL[phase] || phase} `, h("span", { class: "count" }, `(${items.length})`)),
      table(null, [
        { label: "Tournament", value: (t) => h("a", { href: `#/t/${encodeURIComponent(t.id)}` }, t.title || t.id, h("span", { class: "sub-id" }, ` ${t.id}`)) },
        { label: "Players", value: (t) => fmtNumber(t.players), num: true },
        { label: "Counted wagers", value: (t) => fmtNumber(t.counted), num: true },
        { label: "Lag", value: (t) => lagText(t.lag), num: true },
        { label: "Version", value: (t) => h("code", {}, (t.head || "").slice(0, 12)) },
        { label: "Saved", value: (t) => fmtTime(t.saved_at) },
      ], items));
  }));
}

export function render(main) {
  const status = statusBox();
  const out = h("div", { class: "tournament-list" });
  const refresh = h("button", { type: "button", class: "secondary", onclick: () => load() }, "Refresh");
  main.append(...heading("Tournaments", "Every tournament of your operator, by phase."),
    h("div", { class: "actions" }, h("a", { class: "button primary", href: "#/new" }, "New tournament"), refresh), status, out);
  const load = () => withState(status, () => get("/v1/portal/tournaments"), (l) => renderList(out, l || []), "Loading tournaments…");
  load();
  const timer = setInterval(() => get("/v1/portal/tournaments").then((l) => renderList(out, l || [])).catch(() => {}), 10000);
  return () => clearInterval(timer);
}
