// Customise: the tournament as a form. Every change is written into the source by the
// server (span-precise edits), so what the form cannot show stays as it was; fields
// the source writes in a shape the form cannot hold are shown disabled, with why.

import { post } from "../api.js";
import { h, clear, statusBox, showLoading, showError, showDone, heading } from "../ui.js";
import { getDraft, setDraft, stepBar } from "../draft.js";
import { text, list, check, select, money, rows } from "./form-fields.js";

const TIES = ["first_to_reach", "most_wagers", "fewest_wagers", "earliest_entry", "biggest_wager"];
const WHY = "the source writes it in a way the form cannot show; change it in Source.";

function prizeRow(p) {
  const v = p.prize || {};
  if (v.money) return { places: p.places, kind: "money", value: v.money.amount, currency: v.money.currency };
  return { places: p.places, kind: "text", value: v.text ?? "", currency: "" };
}

function prizeOf(r) {
  const prize = r.kind === "money"
    ? { money: { amount: r.value, currency: r.currency.toUpperCase() } }
    : { text: r.value };
  return { places: r.places, prize };
}

// Builds the form's sections; returns the element and a function reading the Form back.
function build(form, readOnly) {
  const ro = (name) => (readOnly.includes(name) ? WHY : null);
  const f = form;
  const e = f.eligibility || {};
  const j = e.jurisdictions || {};
  const s = f.schedule || {};
  const sc = f.scoring || {};
  const b = f.leaderboard || {};
  const ids = {
    id: text("Tournament id", f.id, { hint: "Unique for your operator; used in topic names.", ro: ro("id") }),
    title: text("Title", f.title, { ro: ro("title"), name: "title" }),
    description: text("Description", f.description, { hint: "One line for players.", ro: ro("description"), name: "description" }),
    operator: text("Operator", f.operator, { ro: "the operator is the one you signed in as." }),
    from: text("Template", f.from, { ro: "the template is chosen in the gallery." }),
  };
  const el = {
    game_ids: list("Games by id", e.game_ids, { ro: ro("game_ids"), placeholder: "slot-1, slot-2" }),
    categories: list("Game categories", e.categories, { ro: ro("categories"), placeholder: "slots", name: "categories" }),
    min_bet: money("Minimum bet", e.min_bet, { hint: "Amount and currency, e.g. 0.10 EUR.", ro: ro("min_bet") }),
    max_bet: money("Maximum bet", e.max_bet, { ro: ro("max_bet") }),
    segments: list("Player segments", e.segments, { ro: ro("segments"), placeholder: "VIP, Gold", name: "segments" }),
    allowed: list("Jurisdictions allowed", j.allowed, { hint: "Only these take part. Codes are compared exactly.", ro: ro("jurisdictions_allowed") }),
    excluded: list("Jurisdictions excluded", j.excluded, { hint: "Everyone but these.", ro: ro("jurisdictions_excluded") }),
    admit_missing: check("With an excluded list, also admit wagers with no jurisdiction", j.admit_missing, { ro: ro("jurisdictions_excluded") }),
  };
  const sch = {
    timezone: text("Time zone", s.timezone, { hint: "An IANA zone such as Europe/Malta; local times are read in it. Empty: times carry their offset.", ro: ro("timezone") }),
    start: text("Start", s.start, { hint: "2025-01-10T00:00:00Z, or a local time such as 2025-01-10T18:00 with a time zone.", ro: ro("runs") }),
    end: text("End", s.end, { ro: ro("runs") }),
    end_inclusive: check("The end instant still counts", s.end_inclusive, { ro: ro("runs") }),
    prewarm: text("Pre-warm", s.prewarm, { hint: "How long before the start the workers get ready, e.g. 45m.", ro: ro("prewarm") }),
  };
  const cur = sc.currency || null;
  const score = {
    points: text("Points", sc.points, { hint: "What one wager earns, e.g. wager.amount * 10.", ro: ro("points") }),
    aggregate: select("How points add up", sc.aggregate, [["", "sum (the default)"], ["sum", "sum"], ["max", "max: the best single wager"], ["count", "count: one per wager"]], { ro: ro("aggregate") }),
    only_wins: check("Only winning wagers score", sc.only_wins, { ro: ro("only_wins") }),
    multipliers: rows("Multipliers", sc.multipliers, [["factor", "Factor"], ["when", "When"]], { ro: ro("multipliers"), hint: "e.g. factor 1.5 when player.segment = \"VIP\"", blank: { factor: "2", when: "" } }),
    caps: rows("Caps", sc.caps, [["points", "At most (points)"], ["per", "Per"]], { ro: ro("caps"), blank: { points: "1000", per: "1d" } }),
    currency: text("Scoring currency", cur ? cur.code : null, { hint: "Wagers in other currencies count only with a rate below.", ro: ro("currency") }),
    rates: rows("Conversion rates", cur ? cur.rates : [], [["code", "Currency"], ["rate", "Worth in the scoring currency"]], { ro: ro("currency"), blank: { code: "USD", rate: "0.92" } }),
  };
  const realtime = !b.update || b.update === "realtime";
  const board = {
    update: select("Update frequency", realtime ? (b.update || "") : "every", [["", "default"], ["realtime", "realtime"], ["every", "every interval"]], { ro: ro("update") }),
    every: text("Interval", realtime ? "" : b.update, { hint: "With every interval: e.g. 10s.", ro: ro("update") }),
    tie1: select("First tie-break", (b.ties || [])[0], [["", "none"], ...TIES.map((t) => [t, t])], { ro: ro("ties") }),
    tie2: select("Second tie-break", (b.ties || [])[1], [["", "none"], ...TIES.map((t) => [t, t])], { ro: ro("ties") }),
    size: text("Board size", b.size, { hint: "How many places the board shows.", ro: ro("size"), inputmode: "numeric", name: "size" }),
    prizes: rows("Prizes", (b.prizes || []).map(prizeRow), [["places", "Places"], ["kind", "Kind", "select:text|money"], ["value", "Prize or amount"], ["currency", "Currency"]],
      { ro: ro("prizes"), hint: "Places: 1, 2..3, top 10 or top 5%.", blank: { places: "", kind: "text", value: "", currency: "" } }),
  };
  const section = (title, parts) => h("fieldset", { class: "section" }, h("legend", {}, title), Object.values(parts).map((p) => p.el));
  const root = h("div", { class: "form-sections" },
    section("The tournament", ids), section("Who and what takes part", el), section("Dates", sch),
    section("Scoring", score), section("Leaderboard and prizes", board));
  const read = () => {
    const update = board.update.get() === "every" ? (board.every.get() || null) : board.update.get();
    const curCode = score.currency.get();
    return {
      ...f,
      id: ids.id.get() || f.id, title: ids.title.get(), description: ids.description.get(),
      eligibility: {
        game_ids: el.game_ids.get(), categories: el.categories.get(), min_bet: el.min_bet.get(), max_bet: el.max_bet.get(),
        segments: el.segments.get(),
        jurisdictions: { allowed: el.allowed.get(), excluded: el.excluded.get(), admit_missing: el.admit_missing.get() },
      },
      schedule: { timezone: sch.timezone.get(), start: sch.start.get(), end: sch.end.get(), end_inclusive: sch.end_inclusive.get(), prewarm: sch.prewarm.get() },
      scoring: {
        points: score.points.get(), aggregate: score.aggregate.get(), only_wins: score.only_wins.get(),
        multipliers: score.multipliers.get(), caps: score.caps.get(),
        currency: curCode ? { code: curCode.toUpperCase(), rates: score.rates.get() } : null,
      },
      leaderboard: { update, ties: [board.tie1.get(), board.tie2.get()].filter(Boolean), size: board.size.get(), prizes: board.prizes.get().map(prizeOf) },
    };
  };
  return { root, read };
}

function keptList(kept) {
  if (!kept || !kept.length) return null;
  return h("details", { class: "kept" },
    h("summary", {}, `${kept.length} part${kept.length > 1 ? "s" : ""} of the source the form does not show (kept exactly as written)`),
    h("ul", {}, kept.map((k) => h("li", {}, k.what))));
}

function diagnosticsLine(box, answer) {
  const ds = (answer && answer.diagnostics) || [];
  const errors = ds.filter((d) => d.severity === "error");
  if (!ds.length) return showDone(box, h("p", { class: "ok" }, "The tournament checks: no problems."));
  showDone(box, h("p", {}, `${errors.length} error(s), ${ds.length - errors.length} warning(s):`),
    h("ul", { class: "diag-list" }, ds.map((d) => h("li", { class: d.severity },
      h("a", { href: d.url || "#", target: "_blank", rel: "noopener" }, d.code), ` line ${d.line}: ${d.message}`))));
}

export function render(main) {
  const draft = getDraft();
  main.append(...heading("Customise", "Change who takes part, when, how points are earned and what the winners get. Every change is written into the source."));
  main.append(stepBar("form"));
  if (!draft) {
    main.append(h("p", {}, "Start from a template first. ", h("a", { href: "#/new" }, "Choose a template")));
    return;
  }
  const status = statusBox();
  const writeStatus = statusBox("compact");
  const checkStatus = statusBox("compact");
  const holder = h("form", { class: "customise", novalidate: true });
  main.append(status, holder, h("div", { class: "sticky-status" }, writeStatus, checkStatus));
  let model = null;
  let timer = null;
  let running = null;
  let dirty = false;

  async function writeOnce() {
    showLoading(writeStatus, "Writing the source…");
    try {
      const answer = await post("/v1/portal/form/write", { source: getDraft().source, form: model.read() });
      setDraft({ source: answer.source });
      showDone(writeStatus, h("p", { class: "ok" }, "Source updated."));
      diagnosticsLine(checkStatus, await post("/v1/portal/check", { source: answer.source }));
    } catch (err) {
      showError(writeStatus, err);
    }
  }
  // One write at a time; the latest change is always written, also when the
  // operator leaves the screen before the pause after typing is over.
  async function flush() {
    clearTimeout(timer);
    while (running) await running;
    if (!dirty) return;
    dirty = false;
    running = writeOnce().finally(() => { running = null; });
    await running;
  }
  function schedule(ms) {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }
  holder.addEventListener("input", () => schedule(350));
  holder.addEventListener("change", () => schedule(50));
  holder.addEventListener("submit", (e) => e.preventDefault());

  async function load() {
    showLoading(status, "Reading the source into the form…");
    try {
      const answer = await post("/v1/portal/form/read", { source: draft.source });
      if (answer.problems && answer.problems.length) {
        showError(status, new Error(`the form cannot show this source: ${answer.problems.join("; ")}. Fix it in Source.`));
        return;
      }
      showDone(status, keptList(answer.kept));
      model = build(answer.form || {}, answer.read_only || []);
      clear(holder, model.root, h("div", { class: "actions" },
        h("a", { class: "button secondary", href: "#/edit/source" }, "Edit the source"),
        h("a", { class: "button primary", href: "#/edit/preview" }, "Next: preview")));
      diagnosticsLine(checkStatus, await post("/v1/portal/check", { source: draft.source }));
    } catch (err) {
      showError(status, err, load);
    }
  }
  load();
  return flush;
}
