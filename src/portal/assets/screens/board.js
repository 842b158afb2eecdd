// The live board: the read API's leaderboard, refreshed as position changes arrive on
// the SSE stream (with the session cookie), without a reload. Also: retire.

import { get, post, tournamentPath, enc } from "../api.js";
import { h, clear, statusBox, showLoading, showDone, showError, fmtNumber, prizeText, confirmDialog, heading } from "../ui.js";
import { go } from "../app.js";
import { tournamentTabs } from "./tabs.js";

const REFRESH_MS = 1000;

function rowsOf(board) {
  return (board.entries || board.board || []).slice(0, 100);
}

function boardTable(tbody, entries, moved) {
  clear(tbody, entries.map((r) => h("tr", { class: moved.has(r.player) ? "moved" : "" },
    h("th", { scope: "row", class: "num" }, r.place), h("td", {}, r.player || r.player_id),
    h("td", { class: "num" }, r.score), h("td", { class: "num" }, fmtNumber(r.wagers)), h("td", {}, prizeText(r.prize)))));
}

export function render(main, { params }) {
  const id = params.id;
  const statusLine = h("p", { class: "live-status", role: "status", "aria-live": "polite" }, "Connecting…");
  const leaders = h("p", { class: "sr-only", "aria-live": "polite" });
  const loadStatus = statusBox();
  const tbody = h("tbody", {});
  const tableEl = h("div", { class: "table-wrap board-wrap" }, h("table", { class: "live-board" },
    h("caption", {}, "Top of the board"),
    h("thead", {}, h("tr", {}, ["Place", "Player", "Score", "Wagers", "Prize"].map((c, i) => h("th", { scope: "col", class: i === 1 || i === 4 ? "" : "num" }, c)))),
    tbody));
  const counters = h("dl", { class: "counts" });
  const retireStatus = statusBox("compact");
  const retire = h("button", { type: "button", class: "danger", id: "retire", onclick: async () => {
    const ok = await confirmDialog({ title: `Retire ${id}?`, body: h("p", {}, "The tournament stops taking wagers and its board is frozen. This cannot be undone."), confirmLabel: "Retire", danger: true });
    if (!ok) return;
    showLoading(retireStatus, "Retiring…");
    try {
      await post(`${tournamentPath(id)}/retire`, {});
      showDone(retireStatus, h("p", { class: "ok" }, "Retired."));
    } catch (err) {
      showError(retireStatus, err);
    }
  } }, "Retire…");
  const edit = h("button", { type: "button", class: "secondary", onclick: () => go(`#/t/${enc(id)}/versions`) }, "Versions and edit");
  main.append(...heading(`Live board: ${id}`), tournamentTabs(id, "board"), statusLine, leaders, counters, loadStatus, tableEl,
    h("div", { class: "actions" }, edit, retire), retireStatus);

  let stopped = false;
  let timer = null;
  let moved = new Set();
  let lastLeader = null;
  async function refresh() {
    timer = null;
    try {
      const [board, st] = await Promise.all([
        get(`/v1/tournaments/${enc(id)}/leaderboard?top=100`),
        get(`/v1/tournaments/${enc(id)}`).catch(() => null),
      ]);
      if (stopped) return;
      showDone(loadStatus);
      const entries = rowsOf(board);
      boardTable(tbody, entries, moved);
      moved = new Set();
      const s = st || board;
      clear(counters, [["Phase", s.phase], ["Players", fmtNumber(s.players ?? board.players)], ["Counted", fmtNumber(s.counted)], ["Events", fmtNumber(s.events)]]
        .filter(([, v]) => v !== undefined).map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v ?? "–"))));
      const leader = entries[0] ? `${entries[0].player} leads with ${entries[0].score}` : null;
      if (leader && leader.split(" ")[0] !== (lastLeader || "").split(" ")[0]) leaders.textContent = leader;
      lastLeader = leader;
    } catch (err) {
      if (!stopped) showError(loadStatus, err, refresh);
    }
  }
  const schedule = () => { if (!timer && !stopped) timer = setTimeout(refresh, REFRESH_MS); };
  showLoading(loadStatus, "Loading the board…");
  refresh();
  const source = new EventSource(`/v1/tournaments/${enc(id)}/changes`, { withCredentials: true });
  let changes = 0;
  source.onopen = () => { statusLine.textContent = "Live: the board updates as wagers are scored."; };
  source.onmessage = (e) => {
    changes += 1;
    try {
      const c = JSON.parse(e.data);
      if (c.playerId) moved.add(c.playerId);
    } catch { /* a comment or keep-alive */ }
    statusLine.dataset.changes = String(changes);
    schedule();
  };
  source.onerror = () => {
    statusLine.textContent = source.readyState === EventSource.CLOSED ? "The live stream ended; the board shows its last state." : "Reconnecting to the live stream…";
  };
  return () => { stopped = true; source.close(); clearTimeout(timer); };
}
