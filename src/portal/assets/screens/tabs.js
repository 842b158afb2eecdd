// The tabs of one tournament: live board, analytics, versions.

import { h } from "../ui.js";

export function tournamentTabs(id, current) {
  const e = encodeURIComponent(id);
  const tabs = [["board", "Live board", `#/t/${e}`], ["analytics", "Analytics", `#/t/${e}/analytics`], ["versions", "Versions", `#/t/${e}/versions`]];
  return h("nav", { class: "tabs", "aria-label": "Tournament" },
    h("ul", {}, tabs.map(([k, label, href]) => h("li", {}, h("a", { href, "aria-current": k === current ? "page" : null }, label)))));
}
