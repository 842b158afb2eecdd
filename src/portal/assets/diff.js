// A line diff of two sources, shown unified or side by side. The common start and
// end are trimmed first; the middle is compared line by line (longest common
// subsequence) only while it is small, else shown as replaced, so a huge change
// never costs more than a bounded amount of work.

import { h } from "./ui.js";

const MAX_CELLS = 2_000_000;

// [{op: " " | "-" | "+", a: line number or null, b: line number or null, text}]
export function diffLines(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const out = [];
  for (let i = 0; i < start; i++) out.push({ op: " ", a: i + 1, b: i + 1, text: a[i] });
  middle(a, b, start, endA, endB, out);
  for (let i = endA, j = endB; i < a.length; i++, j++) out.push({ op: " ", a: i + 1, b: j + 1, text: a[i] });
  return out;
}

function middle(a, b, start, endA, endB, out) {
  const n = endA - start;
  const m = endB - start;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    for (let i = start; i < endA; i++) out.push({ op: "-", a: i + 1, b: null, text: a[i] });
    for (let j = start; j < endB; j++) out.push({ op: "+", a: null, b: j + 1, text: b[j] });
    return;
  }
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      out.push({ op: " ", a: start + i + 1, b: start + j + 1, text: a[start + i] }); i++; j++;
    } else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
      // Removed lines first, then the lines that replace them, as `diff -u` shows.
      out.push({ op: "-", a: start + i + 1, b: null, text: a[start + i] }); i++;
    } else {
      out.push({ op: "+", a: null, b: start + j + 1, text: b[start + j] }); j++;
    }
  }
}

const CLASS = { " ": "same", "-": "del", "+": "add" };
const SR = { " ": "", "-": "removed: ", "+": "added: " };

const CONTEXT = 3;

// The lines to show: each change with a few lines around it; the rest folded.
function withContext(lines) {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    if (l.op === " ") return;
    for (let k = Math.max(0, i - CONTEXT); k <= Math.min(lines.length - 1, i + CONTEXT); k++) keep[k] = 1;
  });
  const out = [];
  for (let i = 0; i < lines.length;) {
    if (keep[i]) { out.push(lines[i++]); continue; }
    let j = i;
    while (j < lines.length && !keep[j]) j++;
    out.push({ fold: j - i });
    i = j;
  }
  return out;
}

export function unifiedView(lines) {
  return h("div", { class: "diff unified", role: "region", "aria-label": "Changes, unified", tabindex: "0" },
    h("table", {}, h("tbody", {}, withContext(lines).map((l) => (l.fold ? h("tr", { class: "fold" }, h("td", { colspan: 4 }, `… ${l.fold} unchanged line${l.fold === 1 ? "" : "s"}`)) : h("tr", { class: CLASS[l.op] },
      h("td", { class: "ln" }, l.a ?? ""), h("td", { class: "ln" }, l.b ?? ""),
      h("td", { class: "op", "aria-hidden": "true" }, l.op),
      h("td", { class: "text" }, h("span", { class: "sr-only" }, SR[l.op]), l.text)))))));
}

export function sideBySideView(lines) {
  const rows = [];
  for (let k = 0; k < lines.length;) {
    if (lines[k].op === " ") { rows.push([lines[k], lines[k]]); k++; continue; }
    const dels = [];
    const adds = [];
    while (k < lines.length && lines[k].op === "-") dels.push(lines[k++]);
    while (k < lines.length && lines[k].op === "+") adds.push(lines[k++]);
    for (let x = 0; x < Math.max(dels.length, adds.length); x++) rows.push([dels[x] || null, adds[x] || null]);
  }
  const cell = (l, side) => (l
    ? [h("td", { class: "ln" }, side === "a" ? l.a : l.b), h("td", { class: `text ${CLASS[l.op]}` }, h("span", { class: "sr-only" }, SR[l.op]), l.text)]
    : [h("td", { class: "ln" }), h("td", { class: "text empty" })]);
  return h("div", { class: "diff side", role: "region", "aria-label": "Changes, side by side", tabindex: "0" },
    h("table", {}, h("thead", {}, h("tr", {}, h("th", { colspan: 2, scope: "col" }, "Before"), h("th", { colspan: 2, scope: "col" }, "After"))),
      h("tbody", {}, rows.map(([l, r]) => h("tr", {}, cell(l, "a"), cell(r, "b"))))));
}

// The diff with a toggle between the two views; `before` may be empty (a first version).
export function diffView(before, after) {
  const lines = diffLines(before || "", after || "");
  const changed = lines.filter((l) => l.op !== " ").length;
  const holder = h("div", {}, unifiedView(lines));
  const unified = h("input", { type: "radio", name: `diffmode-${Math.random().toString(36).slice(2)}`, checked: true, id: `u-${holder.id = Math.random().toString(36).slice(2)}` });
  const side = h("input", { type: "radio", name: unified.name, id: `s-${holder.id}` });
  unified.addEventListener("change", () => holder.replaceChildren(unifiedView(lines)));
  side.addEventListener("change", () => holder.replaceChildren(sideBySideView(lines)));
  return h("div", { class: "diff-box" },
    h("fieldset", { class: "inline-choice" }, h("legend", {}, `${changed} line${changed === 1 ? "" : "s"} changed; show`),
      unified, h("label", { for: unified.id }, "unified"), side, h("label", { for: side.id }, "side by side")),
    holder);
}
