// The audit log: who saved, previewed, activated or retired what, when, with which
// result; append-only, exported as JSON, NDJSON or CSV.

import { get } from "../api.js";
import { h, clear, statusBox, withState, table, fmtTime, heading } from "../ui.js";

export function render(main) {
  const status = statusBox();
  const out = h("div", {});
  const exports = h("p", { class: "actions" }, "Export: ",
    ["json", "ndjson", "csv"].map((f) => h("a", { class: "button secondary small", href: `/v1/portal/audit?format=${f}`, download: `audit.${f}` }, f.toUpperCase())));
  main.append(...heading("Audit log", "Every action on your tournaments, newest first. Entries are never changed or removed."), exports, status, out);
  withState(status, () => get("/v1/portal/audit?format=json"), (list) => {
    const items = Array.isArray(list) ? [...list].reverse() : (list && list.entries) || [];
    clear(out, table("Audit entries", [
      { label: "When", value: (e) => fmtTime(e.at || e.time) },
      { label: "Who", value: (e) => e.user || e.actor || "" },
      { label: "Action", value: (e) => e.action || e.kind || "" },
      { label: "Tournament", value: (e) => e.tournament || "" },
      { label: "Version", value: (e) => h("code", {}, (e.version || "").slice(0, 12)) },
      { label: "Result", value: (e) => e.result || e.outcome || "" },
    ], items.slice(0, 500), { empty: "No action recorded yet." }));
  }, "Loading the audit log…");
}
