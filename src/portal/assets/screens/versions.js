// Versions of one tournament: every saved version, two compared as source, and the
// way back into the editor from the head.

import { get, tournamentPath, enc } from "../api.js";
import { h, clear, field, statusBox, withState, showLoading, showError, showDone, table, fmtTime, heading } from "../ui.js";
import { diffView } from "../diff.js";
import { setDraft, versionHash } from "../draft.js";
import { go } from "../app.js";
import { tournamentTabs } from "./tabs.js";

const cache = new Map();

export async function versionSource(id, hash) {
  if (!hash) return "";
  const key = `${id}/${hash}`;
  if (!cache.has(key)) {
    const v = await get(`${tournamentPath(id)}/versions/${enc(hash)}`);
    cache.set(key, typeof v === "string" ? v : v.source || "");
  }
  return cache.get(key);
}

function compare(id, versions, out) {
  const opts = versions.map((v) => {
    const hash = versionHash(v);
    return [hash, `${hash.slice(0, 12)} · ${v.author || ""} · ${fmtTime(v.saved_at || v.at)}`];
  });
  const mk = (sel) => h("select", {}, opts.map(([v, t], i) => h("option", { value: v, selected: i === sel }, t)));
  const from = mk(Math.min(1, opts.length - 1));
  const to = mk(0);
  const status = statusBox();
  const diff = h("div", { class: "diff-out" });
  const show = async () => {
    showLoading(status, "Comparing…");
    try {
      const [a, b] = await Promise.all([versionSource(id, from.value), versionSource(id, to.value)]);
      showDone(status);
      clear(diff, diffView(a, b));
    } catch (err) {
      showError(status, err, show);
    }
  };
  from.addEventListener("change", show);
  to.addEventListener("change", show);
  clear(out, h("section", {}, h("h2", {}, "Compare two versions"),
    h("div", { class: "row" }, field("From (older)", from), field("To (newer)", to)), status, diff));
  show();
}

export function render(main, { params }) {
  const id = params.id;
  const status = statusBox();
  const list = h("div", {});
  const cmp = h("div", {});
  main.append(...heading(`Versions: ${id}`), tournamentTabs(id, "versions"), status, list, cmp);
  withState(status, () => get(tournamentPath(id)), (t) => {
    // The API lists versions oldest first; this screen shows the newest first.
    const versions = (t.versions || []).slice().reverse();
    const edit = h("button", { type: "button", class: "primary", id: "edit-latest", onclick: () => {
      setDraft({ source: t.source, id: t.id || id, base: t.head, saved: t.source, template: null });
      go("#/edit/form");
    } }, "Edit the latest version");
    clear(list, h("p", {}, `Phase: ${t.phase || "draft"} · head ${(t.head || "").slice(0, 12)}`),
      h("div", { class: "actions" }, edit),
      table("Saved versions, newest first", [
        { label: "Version", value: (v) => h("code", {}, (versionHash(v) || "").slice(0, 12)) },
        { label: "Saved by", value: (v) => v.author || "" },
        { label: "Saved", value: (v) => fmtTime(v.saved_at || v.at) },
        { label: "Live", value: (v) => (versionHash(v) === (t.live_version || t.active) ? "live" : "") },
      ], versions));
    if (versions.length) compare(id, versions, cmp);
  }, "Loading versions…");
}
