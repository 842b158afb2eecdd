// Preview: the ksqlDB statements and the scoring config, exactly what
// `tourney preview` prints for this source.

import { post } from "../api.js";
import { h, statusBox, withState, heading } from "../ui.js";
import { getDraft, stepBar } from "../draft.js";

function block(title, text) {
  return h("section", { class: "preview-block" }, h("h2", {}, title),
    h("pre", { class: "code", tabindex: "0", "aria-label": title }, text || "(nothing)"));
}

export function render(main) {
  main.append(...heading("Preview", "What will be created: the ksqlDB statements and the scoring configuration the workers run."));
  main.append(stepBar("preview"));
  const draft = getDraft();
  if (!draft) {
    main.append(h("p", {}, h("a", { href: "#/new" }, "Choose a template first")));
    return;
  }
  const status = statusBox();
  const out = h("div", { class: "preview" });
  main.append(status, out, h("div", { class: "actions" },
    h("a", { class: "button secondary", href: "#/edit/source" }, "Back to the source"),
    h("a", { class: "button primary", href: "#/edit/validate" }, "Next: validate")));
  withState(status, () => post("/v1/portal/preview", { source: draft.source }), (p) => {
    const stmt = (x) => (typeof x === "string" ? x : [x.source_stream, x.statement].filter(Boolean).join("\n\n"));
    const statements = Array.isArray(p.statements) ? p.statements.map(stmt).join("\n\n") : p.statements;
    const config = p.config && typeof p.config === "object" ? JSON.stringify(p.config, null, 2) : p.config;
    out.append(
      statements ? block("ksqlDB statements", statements) : null,
      config ? block("Scoring config", config) : null,
      h("details", { class: "preview-text" }, h("summary", {}, "The full text, as tourney preview prints it"),
        h("pre", { class: "code", tabindex: "0" }, p.text || "")));
  }, "Compiling…");
}
