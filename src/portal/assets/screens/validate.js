// Validate: a dry-run on generated traffic or an uploaded NDJSON file, with the
// board and prizes, the summary by rejecting rule, and one wager explained.

import { post } from "../api.js";
import { h, clear, field, statusBox, showLoading, showDone, showError, readFile, heading, announce } from "../ui.js";
import { getDraft, stepBar } from "../draft.js";
import { boardTable, summaryView, explanationView } from "./dryrun-view.js";

export function render(main) {
  main.append(...heading("Validate", "Run the rules on sample traffic before anything goes live: see the board, why wagers were turned away, and follow one wager through the rules."));
  main.append(stepBar("validate"));
  const draft = getDraft();
  if (!draft) {
    main.append(h("p", {}, h("a", { href: "#/new" }, "Choose a template first")));
    return;
  }
  const gen = h("input", { type: "radio", name: "feed", value: "generate", checked: true, id: "feed-gen" });
  const file = h("input", { type: "radio", name: "feed", value: "file", id: "feed-file" });
  const events = h("input", { type: "number", min: 1, max: 1000000, value: 5000, name: "events" });
  const players = h("input", { type: "number", min: 1, max: 1000000, value: 200, name: "players" });
  const seed = h("input", { type: "number", min: 0, value: 1, name: "seed" });
  const upload = h("input", { type: "file", accept: ".ndjson,.jsonl,.json,application/x-ndjson,text/plain", name: "events-file" });
  const explain = h("input", { name: "explain", autocomplete: "off", placeholder: "w-000001" });
  const genBox = h("div", { class: "row" }, field("Wagers", events), field("Players", players), field("Seed", seed, "The same seed gives the same traffic."));
  const fileBox = h("div", { hidden: true }, field("NDJSON file of wager events", upload, "One JSON wager event per line."));
  const sync = () => { genBox.hidden = !gen.checked; fileBox.hidden = gen.checked; };
  gen.addEventListener("change", sync);
  file.addEventListener("change", sync);
  const run = h("button", { type: "submit", class: "primary", id: "run-dry-run" }, "Run the dry-run");
  const status = statusBox();
  const results = h("div", { class: "results" });
  const form = h("form", { class: "card" },
    h("fieldset", {}, h("legend", {}, "Sample traffic"),
      h("div", { class: "field check" }, gen, h("label", { for: "feed-gen" }, "Generated wagers")),
      h("div", { class: "field check" }, file, h("label", { for: "feed-file" }, "Upload an NDJSON file")),
      genBox, fileBox),
    field("Explain one wager (optional)", explain, "The id of a wager to follow through every rule."),
    h("div", { class: "actions" }, run));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { source: getDraft().source };
    try {
      if (gen.checked) {
        body.generate = { events: Number(events.value), players: Number(players.value), seed: Number(seed.value) };
      } else {
        if (!upload.files.length) throw new Error("choose a file of wager events first");
        body.events = await readFile(upload.files[0]);
      }
      if (explain.value.trim()) body.explain = explain.value.trim();
    } catch (err) {
      showError(status, err);
      return;
    }
    run.disabled = true;
    showLoading(status, "Replaying the wagers…");
    try {
      const r = await post("/v1/portal/dry-run", body);
      showDone(status, h("p", { class: "ok" }, `Done: ${(r.board || []).length} places on the board.`));
      clear(results, h("section", {}, h("h2", {}, "Board"), boardTable(r.board)), summaryView(r.summary), explanationView(r.explanation),
        body.explain && !r.explanation ? h("p", { class: "note" }, `No wager with id ${body.explain} was replayed.`) : null);
      announce(`Dry-run finished: ${(r.board || []).length} places, ${r.summary ? r.summary.counted : 0} wagers counted`);
    } catch (err) {
      showError(status, err);
    } finally {
      run.disabled = false;
    }
  });
  main.append(form, status, results, h("div", { class: "actions" },
    h("a", { class: "button secondary", href: "#/edit/preview" }, "Back"),
    h("a", { class: "button primary", href: "#/edit/schedule" }, "Next: schedule")));
}
