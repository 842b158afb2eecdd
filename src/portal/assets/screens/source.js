// The source editor for power users: highlighting, and the checker's diagnostics at
// their spans while typing, each code linked to its page in the book.

import { post } from "../api.js";
import { h, clear, statusBox, showDone, heading } from "../ui.js";
import { getDraft, setDraft, stepBar } from "../draft.js";
import { saveWithConflict } from "./save.js";

function summary(box, diagnostics) {
  if (!diagnostics.length) {
    showDone(box, h("p", { class: "ok" }, "No problems."));
    return;
  }
  showDone(box, h("ul", { class: "diag-list" }, diagnostics.map((d) => h("li", { class: d.severity },
    h("a", { href: d.url || "#", target: "_blank", rel: "noopener" }, d.code),
    ` line ${d.line}, column ${d.column}: ${d.message}`))));
}

async function mountEditor(parent, doc, onChange, lint) {
  try {
    const { createEditor } = await import("/portal/vendor/editor.js");
    return createEditor(parent, { doc, onChange, lint, label: "Tournament source" });
  } catch {
    // Without the editor bundle, a plain text area still edits and checks.
    const area = h("textarea", { class: "fallback-editor", spellcheck: false, "aria-label": "Tournament source" });
    area.value = doc;
    let t = null;
    area.addEventListener("input", () => { onChange(area.value); clearTimeout(t); t = setTimeout(() => lint(area.value), 150); });
    parent.append(area);
    lint(doc);
    return { getValue: () => area.value, setValue: (v) => { area.value = v; }, focus: () => area.focus(), destroy() {} };
  }
}

export function render(main) {
  main.append(...heading("Source", "The tournament as text. Problems are underlined as you type; each code links to its explanation."));
  const stepsHolder = h("div", { class: "steps-holder" }, stepBar("source"));
  main.append(stepsHolder);
  const draft = getDraft();
  if (!draft) {
    main.append(h("p", {}, "Start from a template first. ", h("a", { href: "#/new" }, "Choose a template")));
    return undefined;
  }
  const diag = statusBox("diagnostics");
  const saveStatus = statusBox("compact");
  const host = h("div", { class: "editor-host" });
  let editor = null;
  const lint = async (source) => {
    try {
      const answer = await post("/v1/portal/check", { source });
      const ds = answer.diagnostics || [];
      summary(diag, ds);
      if (answer.tournament && answer.tournament.id && !getDraft().base) setDraft({ id: answer.tournament.id });
      return ds;
    } catch (err) {
      showDone(diag, h("p", { class: "error" }, `The checker cannot be reached: ${err.message}`));
      return [];
    }
  };
  const save = h("button", { type: "button", class: "secondary", id: "save-version", onclick: async () => {
    const r = await saveWithConflict(saveStatus);
    if (r === "reloaded" && editor) editor.setValue(getDraft().source);
    clear(stepsHolder, stepBar("source"));
  } }, "Save version");
  main.append(host,
    h("h2", { class: "sub" }, "Problems"), diag,
    h("div", { class: "actions" }, save,
      h("a", { class: "button secondary", href: "#/edit/form" }, "Back to the form"),
      h("a", { class: "button primary", href: "#/edit/preview" }, "Next: preview")),
    saveStatus);
  mountEditor(host, draft.source, (text) => setDraft({ source: text }), lint).then((e) => { editor = e; host.editor = e; });
  return () => editor && editor.destroy();
}
