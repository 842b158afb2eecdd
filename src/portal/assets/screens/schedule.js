// Schedule: start, end and pre-warm in the tournament's time zone and in UTC, as the
// server computes them for the saved version.

import { get, tournamentPath } from "../api.js";
import { h, clear, statusBox, withState, heading, fmtTime } from "../ui.js";
import { getDraft, stepBar } from "../draft.js";
import { saveWithConflict } from "./save.js";

// One instant as { local, utc } whatever shape the server gives it.
function instant(v, zone) {
  if (!v) return null;
  if (typeof v === "string") return { local: fmtTime(v, zone), utc: fmtTime(v, "UTC") };
  return { local: v.local || v.zoned || fmtTime(v.utc, zone), utc: v.utc || fmtTime(v.local, "UTC") };
}

function leadText(sec) {
  if (sec % 3600 === 0) return `${sec / 3600} h`;
  if (sec % 60 === 0) return `${sec / 60} min`;
  return `${sec} s`;
}

export function scheduleTable(s) {
  const zone = s.timezone || s.zone || "UTC";
  const rows = [
    ["Pre-warm from", instant(s.prewarm_at || s.prewarm_from || (s.prewarm && s.prewarm.at) || (typeof s.prewarm === "object" ? s.prewarm : null), zone)],
    ["Start", instant(s.start, zone)],
    ["End", instant(s.end, zone)],
  ];
  return h("div", { class: "table-wrap" }, h("table", { class: "schedule" },
    h("caption", {}, `Times in ${zone} and in UTC`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ""), h("th", { scope: "col" }, zone), h("th", { scope: "col" }, "UTC"))),
    h("tbody", {}, rows.filter(([, v]) => v).map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, k), h("td", {}, v.local), h("td", {}, v.utc))))),
    typeof s.prewarm === "string" ? h("p", { class: "hint" }, `Pre-warm lead time: ${s.prewarm}.`) : null,
    typeof s.prewarm_s === "number" && s.prewarm_s > 0 ? h("p", { class: "hint" }, `The workers get ready ${leadText(s.prewarm_s)} before the start.`) : null,
    s.end_inclusive !== undefined ? h("p", { class: "hint" }, s.end_inclusive ? "The end instant still counts." : "The end instant no longer counts.") : null);
}

export function render(main) {
  main.append(...heading("Schedule", "When the tournament runs, in its own time zone and in UTC. Pre-warm is when the workers get ready ahead of the start."));
  main.append(stepBar("schedule"));
  const draft = getDraft();
  if (!draft) {
    main.append(h("p", {}, h("a", { href: "#/new" }, "Choose a template first")));
    return;
  }
  const status = statusBox();
  const out = h("div", { class: "schedule-out" });
  const load = () => withState(status, () => get(`${tournamentPath(getDraft().id)}/schedule`), (s) => clear(out, scheduleTable(s)), "Reading the schedule…");
  const saveStatus = statusBox("compact");
  if (!draft.base || draft.saved !== draft.source) {
    const save = h("button", { type: "button", class: "primary", id: "save-version", onclick: async () => {
      const v = await saveWithConflict(saveStatus);
      if (v && v !== "reloaded") { save.hidden = true; load(); }
    } }, "Save this version");
    main.append(h("p", {}, "The schedule is read from a saved version. Save your changes to see it."), h("div", { class: "actions" }, save), saveStatus);
  } else {
    load();
  }
  main.append(status, out, h("div", { class: "actions" },
    h("a", { class: "button secondary", href: "#/edit/validate" }, "Back"),
    h("a", { class: "button primary", href: "#/edit/activate" }, "Next: activate")));
}
