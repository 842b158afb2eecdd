// The template gallery: the built-in templates and the workspace's own, each with its
// line on what it is for. Choosing one starts a new tournament from it.

import { get } from "../api.js";
import { h, clear, field, statusBox, withState, heading } from "../ui.js";
import { setDraft } from "../draft.js";
import { session, go } from "../app.js";

function isoDay(offsetDays) {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().replace(".000Z", "Z");
}

// The first source of a tournament from template `t` (the server resolves built-in
// and workspace templates by name).
export function scaffold(t, id, title, operator) {
  return `// Starts from the template \`${t.name}\`; anything written here replaces
// the template's setting of the same name.
tournament "${id}" from "${t.name}" {
  title "${title.replace(/["\\]/g, "")}"
  operator "${operator}"
  runs ${isoDay(1)} .. ${isoDay(8)}
}
`;
}

function card(t, i) {
  const id = `tpl-${i}`;
  return h("li", { class: "template-card" },
    h("input", { type: "radio", name: "template", id, value: t.name, required: true }),
    h("label", { for: id },
      h("span", { class: "template-title" }, t.title || t.name),
      h("span", { class: `badge ${t.origin === "workspace" ? "badge-ws" : ""}` }, t.origin === "workspace" ? "workspace" : "built-in"),
      h("span", { class: "template-summary" }, t.summary || "No description."),
      h("code", { class: "template-name" }, t.name)));
}

function renderGallery(list, templates) {
  const sorted = [...templates].sort((a, b) => (a.origin === b.origin ? 0 : a.origin === "built-in" ? -1 : 1));
  const idInput = h("input", { name: "id", required: true, pattern: "[A-Za-z0-9._\\-]+", value: "my-tournament", autocomplete: "off" });
  const titleInput = h("input", { name: "title", required: true, value: "My tournament", autocomplete: "off" });
  const form = h("form", { class: "gallery-form" },
    h("fieldset", {},
      h("legend", {}, "Template"),
      h("ul", { class: "template-grid" }, sorted.map(card))),
    h("div", { class: "row" },
      field("Tournament id", idInput, "Letters, digits, dots, dashes and underscores; unique for your operator."),
      field("Title", titleInput, "What players see.")),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Customise")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const chosen = form.querySelector("input[name=template]:checked");
    const t = sorted.find((x) => chosen && x.name === chosen.value);
    if (!t) return;
    const s = session();
    setDraft({
      source: scaffold(t, idInput.value.trim(), titleInput.value.trim(), s ? s.operator : "operator-123"),
      template: t.name, id: idInput.value.trim(), base: null, saved: null,
    });
    go("#/edit/form");
  });
  const first = form.querySelector("input[name=template]");
  if (first) first.checked = true;
  clear(list, form);
}

export function render(main) {
  const status = statusBox();
  const list = h("div", { class: "gallery" });
  main.append(...heading("Choose a template", "Every tournament starts from a template. Pick the one closest to what you want; the next steps let you change everything."), status, list);
  withState(status, () => get("/v1/portal/templates"), (t) => renderGallery(list, t || []), "Loading templates…");
}
