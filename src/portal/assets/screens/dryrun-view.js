// The parts of a dry-run answer: the board with prizes, the summary by rejecting rule
// and the explanation of one wager. Shared by Validate.

import { h, table, prizeText, fmtNumber } from "../ui.js";

export function boardTable(board, caption = "Board") {
  return table(caption, [
    { label: "Place", value: (r) => r.place, num: true },
    { label: "Player", value: (r) => r.player_id || r.player },
    { label: "Score", value: (r) => r.score, num: true },
    { label: "Wagers", value: (r) => fmtNumber(r.wagers), num: true },
    { label: "Prize", value: (r) => prizeText(r.prize) },
  ], board || [], { empty: "No player scored." });
}

export function summaryView(s) {
  if (!s) return null;
  const counts = [
    ["Events read", s.events], ["Counted", s.counted], ["Duplicates", s.duplicates], ["Late", s.late],
    ["Malformed", s.malformed], ["Cannot be scored", s.unscorable], ["Players", s.players], ["Position changes", s.position_changes],
  ];
  return h("section", { class: "summary" }, h("h2", {}, "Summary"),
    h("dl", { class: "counts" }, counts.filter(([, v]) => v !== undefined).map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, fmtNumber(v))))),
    table("Not eligible, by the rule that turned them away", [
      { label: "Rule", value: (r) => h("code", {}, r.rule) },
      { label: "Wagers", value: (r) => fmtNumber(r.count), num: true },
    ], s.ineligible || [], { empty: "No wager was turned away by a rule." }),
    s.malformed_lines && s.malformed_lines.length
      ? h("details", {}, h("summary", {}, "Malformed lines"), h("ul", {}, s.malformed_lines.map((m) => h("li", {}, `line ${m.line}: ${m.reason}`))))
      : null);
}

export function explanationView(e) {
  if (!e) return null;
  return h("section", { class: "explanation" }, h("h2", {}, `Wager ${e.wager} (line ${e.line})`),
    h("ol", { class: "trace" }, (e.rules || []).map((r) => h("li", { class: r.passed ? "pass" : "fail" },
      h("span", { class: "verdict" }, r.passed ? "pass" : "fail"), " ", h("code", {}, r.rule),
      r.at ? h("span", { class: "at" }, ` at ${r.at}`) : null,
      (r.values || []).length ? h("span", { class: "values" }, ` (${r.values.map(([k, v]) => `${k} = ${v}`).join(", ")})`) : null))),
    h("p", { class: "outcome" }, h("strong", {}, "Outcome: "), e.outcome));
}
