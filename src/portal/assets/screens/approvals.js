// Approvals (four eyes): the versions waiting for a second person, and the review of
// one: the source diff and the plan, then approve or reject.

import { get, post, tournamentPath, enc } from "../api.js";
import { h, clear, statusBox, withState, showLoading, showDone, showError, table, fmtTime, confirmDialog, heading } from "../ui.js";
import { diffView } from "../diff.js";
import { versionHash } from "../draft.js";
import { session } from "../app.js";
import { versionSource } from "./versions.js";
import { planView } from "./activate.js";

function listView(main) {
  const status = statusBox();
  const out = h("div", {});
  main.append(...heading("Approvals", "With four eyes on, a version goes live only after a second person approves it, having seen the change and the plan."), status, out);
  withState(status, () => get("/v1/portal/approvals"), (list) => {
    const items = list || [];
    clear(out, table("Requests", [
      { label: "Tournament", value: (a) => a.tournament || a.id },
      { label: "Version", value: (a) => h("code", {}, (a.version || "").slice(0, 12)) },
      { label: "Asked by", value: (a) => a.requested_by || a.author || "" },
      { label: "When", value: (a) => fmtTime(a.requested_at || a.at) },
      { label: "State", value: (a) => a.state || a.status || "pending" },
      { label: "", value: (a) => h("a", { href: `#/approvals/${enc(a.tournament || a.id)}/${enc(a.version)}` }, "Review") },
    ], items, { empty: "Nothing waits for approval." }));
  }, "Loading approvals…");
}

async function previousOf(id, hash) {
  const t = await get(tournamentPath(id));
  const versions = t.versions || [];
  const i = versions.findIndex((v) => versionHash(v) === hash);
  const live = t.live_version;
  if (live && live !== hash) return live;
  // Versions come oldest first: the one saved before this one.
  return i > 0 ? versionHash(versions[i - 1]) : null;
}

function review(main, id, hash) {
  const status = statusBox();
  const diffOut = h("section", {}, h("h2", {}, "The change"));
  const planOut = h("section", {}, h("h2", {}, "What activating it would do"));
  const decide = statusBox();
  const approve = h("button", { type: "button", class: "primary", id: "approve", disabled: true }, "Approve");
  const reject = h("button", { type: "button", class: "danger", id: "reject", disabled: true }, "Reject");
  main.append(...heading(`Review ${id}`, `Version ${hash.slice(0, 12)}: read the change and the plan, then decide.`),
    h("p", {}, h("a", { href: "#/approvals" }, "All approvals")), status, diffOut, planOut, h("div", { class: "actions" }, approve, reject), decide);
  withState(status, async () => {
    const before = await previousOf(id, hash);
    const [a, b, plan] = await Promise.all([versionSource(id, before), versionSource(id, hash), post(`${tournamentPath(id)}/plan`, { version: hash })]);
    return { a, b, plan, before };
  }, ({ a, b, plan, before }) => {
    diffOut.append(h("p", { class: "hint" }, before ? `Compared with ${before.slice(0, 12)}.` : "The first version: everything is new."), diffView(a, b));
    planOut.append(planView(plan));
    const s = session();
    const mayDecide = s && s.role === "approver";
    approve.disabled = !mayDecide;
    reject.disabled = !mayDecide;
    if (!mayDecide) decide.append(h("p", { class: "note" }, "Only an approver can decide."));
  }, "Loading the change and the plan…");
  const act = (verb) => async () => {
    const ok = await confirmDialog({ title: `${verb === "approve" ? "Approve" : "Reject"} this version?`, body: h("p", {}, `${id} at ${hash.slice(0, 12)}.`), confirmLabel: verb === "approve" ? "Approve" : "Reject", danger: verb === "reject" });
    if (!ok) return;
    showLoading(decide, verb === "approve" ? "Approving…" : "Rejecting…");
    try {
      await post(`${tournamentPath(id)}/approvals/${enc(hash)}/${verb}`, {});
      approve.disabled = true;
      reject.disabled = true;
      showDone(decide, h("p", { class: "ok" }, verb === "approve" ? "Approved: the editor can now activate it." : "Rejected."));
    } catch (err) {
      showError(decide, err);
    }
  };
  approve.addEventListener("click", act("approve"));
  reject.addEventListener("click", act("reject"));
}

export function render(main, { params }) {
  if (params.id && params.hash) review(main, params.id, params.hash);
  else listView(main);
}
