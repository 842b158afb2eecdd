// The tournament being prepared: its source, where it came from and the version it
// was edited from (`base`), kept in sessionStorage so a reload does not lose it.

import { h } from "./ui.js";
import { post, put, tournamentPath } from "./api.js";

const KEY = "tourney.draft";

export function getDraft() {
  try {
    const d = JSON.parse(sessionStorage.getItem(KEY) || "null");
    return d && typeof d.source === "string" ? d : null;
  } catch {
    return null;
  }
}

export function setDraft(patch) {
  const d = { ...(getDraft() || { source: "" }), ...patch };
  sessionStorage.setItem(KEY, JSON.stringify(d));
  return d;
}

export function clearDraft() {
  sessionStorage.removeItem(KEY);
}

// The hash a saved version answers with, whatever the field is called.
export function versionHash(v) {
  if (!v || typeof v !== "object") return null;
  return v.hash || v.version || v.head || null;
}


export const STEPS = [
  ["form", "Customise"],
  ["source", "Source"],
  ["preview", "Preview"],
  ["validate", "Validate"],
  ["schedule", "Schedule"],
  ["activate", "Activate"],
];

// The steps of the flow, the current one marked, each a link.
export function stepBar(current) {
  const d = getDraft();
  return h("nav", { class: "steps", "aria-label": "Steps" },
    h("ol", {},
      h("li", {}, h("a", { href: "#/new" }, "Template")),
      STEPS.map(([key, label]) => h("li", {},
        h("a", { href: `#/edit/${key}`, "aria-current": key === current ? "step" : null }, label)))),
    d ? h("p", { class: "draft-line" },
      d.id ? `Tournament ${d.id}` : "New tournament",
      d.template ? ` · from template ${d.template}` : "",
      d.saved === d.source && d.base ? " · saved" : " · unsaved changes") : null);
}

// Saves the draft as a new version: creates the tournament, or updates it from `base`.
// Resolves to the version; rejects with ApiError (409 `conflict` carries `current`).
export async function saveDraft(id) {
  const d = getDraft();
  if (!d) throw new Error("there is no tournament to save");
  const v = d.base
    ? await put(tournamentPath(d.id || id), { source: d.source, base: d.base })
    : await post("/v1/portal/tournaments", { source: d.source });
  const hash = versionHash(v);
  setDraft({ base: hash, saved: d.source, id: d.id || id || (v && v.tournament) || null });
  return v;
}
