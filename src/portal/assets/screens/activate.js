// Activate: the plan (created, replaced, refused and why), a confirmation, the steps
// as they finish, and on failure what was done and what was not, with a retry.

import { post, tournamentPath } from "../api.js";
import { h, clear, field, statusBox, showLoading, showDone, showError, table, confirmDialog, heading, announce } from "../ui.js";
import { getDraft, stepBar } from "../draft.js";
import { saveWithConflict } from "./save.js";

export function planView(plan) {
  const actions = (plan && plan.actions) || [];
  return table("The plan", [
    { label: "What", value: (a) => h("span", { class: `kind kind-${String(a.kind).toLowerCase()}` }, a.kind) },
    { label: "Object", value: (a) => h("code", {}, a.object || a.stream || "") },
    { label: "Why", value: (a) => a.reason || "" },
  ], actions, { empty: "Nothing to change: the live tournament is already this version." });
}

function stepsView(answer) {
  const steps = (answer && (answer.steps || answer.actions)) || [];
  return h("ol", { class: "progress-steps" }, steps.map((s) => {
    const st = String(s.state || s.status || "pending").toLowerCase();
    return h("li", { class: `step-${st}` }, h("span", { class: "verdict" }, st), " ", s.name || s.step || s.object || "", s.detail || s.message ? h("span", { class: "why" }, `: ${s.detail || s.message}`) : null);
  }));
}

function failed(answer) {
  const steps = (answer && (answer.steps || answer.actions)) || [];
  return answer && (answer.ok === false || steps.some((s) => /fail|error/.test(String(s.state || s.status))));
}

export function render(main) {
  main.append(...heading("Activate", "Check the plan, confirm, and the tournament goes live."));
  main.append(stepBar("activate"));
  const draft = getDraft();
  if (!draft) {
    main.append(h("p", {}, h("a", { href: "#/new" }, "Choose a template first")));
    return;
  }
  const planStatus = statusBox();
  const planOut = h("div", { class: "plan" });
  const runStatus = statusBox();
  const progress = h("div", { class: "progress", "aria-live": "polite" });
  const events = h("input", { type: "number", min: 1, value: 20000, name: "events" });
  const players = h("input", { type: "number", min: 1, value: 500, name: "players" });
  const rate = h("input", { type: "number", min: 1, value: 200, name: "rate" });
  const feed = h("fieldset", { class: "card" }, h("legend", {}, "Traffic for the embedded run"),
    h("p", { class: "hint" }, "On this server the tournament runs in the embedded runtime, fed by generated wagers."),
    h("div", { class: "row" }, field("Wagers", events), field("Players", players), field("Wagers per second", rate)));
  const activateBtn = h("button", { type: "button", class: "primary", id: "activate", disabled: true }, "Activate…");
  const approvalBtn = h("button", { type: "button", class: "secondary", id: "ask-approval", hidden: true }, "Ask for approval");
  main.append(planStatus, planOut, feed, h("div", { class: "actions" }, activateBtn, approvalBtn), runStatus, progress);
  let plan = null;

  async function loadPlan() {
    let d = getDraft();
    if (!d.base || d.saved !== d.source) {
      const v = await saveWithConflict(planStatus);
      if (!v || v === "reloaded") return;
      d = getDraft();
    }
    showLoading(planStatus, "Working out the plan…");
    try {
      plan = await post(`${tournamentPath(d.id)}/plan`, { version: d.base });
      showDone(planStatus);
      clear(planOut, planView(plan));
      const refused = (plan.actions || []).some((a) => /refuse/i.test(a.kind));
      activateBtn.disabled = refused;
      if (refused) showDone(planStatus, h("p", { class: "error" }, "The plan refuses part of the change: see why below. Change the tournament and try again."));
    } catch (err) {
      showError(planStatus, err, loadPlan);
    }
  }

  async function activate() {
    const d = getDraft();
    showLoading(runStatus, "Activating…");
    clear(progress, h("progress", { "aria-label": "Activation in progress" }));
    try {
      const answer = await post(`${tournamentPath(d.id)}/activate`, {
        version: d.base,
        feed: { generate: { events: Number(events.value), players: Number(players.value), seed: 1, rate: Number(rate.value) } },
      });
      clear(progress, stepsView(answer));
      if (failed(answer)) {
        showError(runStatus, new Error("activation stopped part-way: the steps above say what was done and what was not"), activate);
        return;
      }
      showDone(runStatus, h("p", { class: "ok" }, "The tournament is live. "), h("a", { class: "button primary", href: `#/t/${encodeURIComponent(d.id)}` }, "Open the live board"));
      announce("The tournament is live");
    } catch (err) {
      clear(progress);
      if (err.code === "approval_required") {
        approvalBtn.hidden = false;
        showError(runStatus, new Error("this operator needs a second person to approve a version before it goes live; ask for approval, then activate once approved"));
        approvalBtn.focus();
        return;
      }
      const partial = err.body && ((err.body.error && err.body.error.steps) ? err.body.error : err.body);
      if (partial && partial.steps) clear(progress, stepsView(partial));
      showError(runStatus, err, activate);
    }
  }

  activateBtn.addEventListener("click", async () => {
    const ok = await confirmDialog({
      title: `Activate ${getDraft().id}?`,
      body: h("div", {}, h("p", {}, "These changes will be made:"), planView(plan)),
      confirmLabel: "Activate",
    });
    if (ok) activate();
  });
  approvalBtn.addEventListener("click", async () => {
    const d = getDraft();
    showLoading(runStatus, "Asking for approval…");
    try {
      await post(`${tournamentPath(d.id)}/approvals`, { version: d.base });
      approvalBtn.hidden = true;
      showDone(runStatus, h("p", { class: "ok" }, "Approval requested. An approver sees the change under Approvals; activate once it is approved."));
    } catch (err) {
      showError(runStatus, err);
    }
  });
  loadPlan();
}
