// Small DOM helpers: elements without innerHTML, request states (loading, error,
// empty), dialogs, tables and time formatting. Nothing here sets a style attribute,
// so the page runs under a CSP without 'unsafe-inline'.

export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith("svg:")
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.setAttribute("class", value);
    } else if (key === "text") {
      el.textContent = value;
    } else if (key in el && !tag.startsWith("svg:") && typeof value !== "string") {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
export const nextId = (prefix = "f") => `${prefix}-${++uid}`;

// A labelled field: the label, the control and an optional hint, wired for assistive tech.
export function field(label, control, hint) {
  const id = control.id || nextId();
  control.id = id;
  const parts = [h("label", { for: id }, label), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    parts.push(h("p", { class: "hint", id: hintId }, hint));
  }
  return h("div", { class: "field" }, parts);
}

// A region that shows a request's state; it keeps its height while loading.
export function statusBox(extraClass = "") {
  return h("div", { class: `status-box ${extraClass}`, role: "status", "aria-live": "polite" });
}

export function showLoading(box, text = "Loading…") {
  box.dataset.state = "loading";
  clear(box, h("p", { class: "loading" }, h("span", { class: "spinner", "aria-hidden": "true" }), text));
}

export function showError(box, err, retry) {
  box.dataset.state = "error";
  const msg = err && err.message ? err.message : String(err);
  const code = err && err.code && err.code !== "network" ? ` (${err.code})` : "";
  clear(
    box,
    h("div", { class: "error", role: "alert" },
      h("strong", {}, "Something went wrong: "), msg + code,
      retry ? h("button", { type: "button", class: "secondary", onclick: retry }, "Try again") : null),
  );
}

export function showDone(box, ...children) {
  box.dataset.state = "done";
  clear(box, ...children);
}

// Runs `load`, showing loading then the result or the error (with a retry).
export async function withState(box, load, render, loadingText) {
  showLoading(box, loadingText);
  try {
    const data = await load();
    showDone(box);
    render(data);
    return data;
  } catch (err) {
    showError(box, err, () => withState(box, load, render, loadingText));
    return undefined;
  }
}

export function announce(text) {
  const el = document.getElementById("announcer");
  if (el) el.textContent = text;
}

// A modal confirmation: Enter confirms (the confirm button has focus), Escape cancels.
export function confirmDialog({ title, body, confirmLabel = "Confirm", danger = false }) {
  return new Promise((resolve) => {
    const titleId = nextId("dlg");
    const ok = h("button", { type: "submit", class: danger ? "danger" : "primary", value: "ok" }, confirmLabel);
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const form = h("form", { method: "dialog" },
      h("h2", { id: titleId }, title), h("div", { class: "dialog-body" }, body),
      h("div", { class: "actions" }, cancel, ok));
    const dlg = h("dialog", { "aria-labelledby": titleId }, form);
    let result = false;
    cancel.addEventListener("click", () => dlg.close());
    form.addEventListener("submit", () => { result = true; });
    dlg.addEventListener("close", () => { dlg.remove(); resolve(result); });
    document.body.append(dlg);
    dlg.showModal();
    ok.focus();
  });
}

export function table(caption, columns, rows, { empty = "Nothing yet." } = {}) {
  if (!rows.length) return h("p", { class: "empty" }, empty);
  return h("div", { class: "table-wrap" },
    h("table", {},
      caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.num ? "num" : "" }, c.label)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c, i) =>
        h(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, class: c.num ? "num" : "" }, c.value(r))))))));
}

export function prizeText(p) {
  if (!p) return "";
  if (typeof p === "string") return p;
  if (p.text) return p.text;
  if (p.amount !== undefined) return `${p.amount} ${p.currency || ""}`.trim();
  return "";
}

export function fmtNumber(n) {
  if (n === null || n === undefined || n === "") return "–";
  const x = Number(n);
  return Number.isFinite(x) ? x.toLocaleString("en") : String(n);
}

// A timestamp shown in a time zone (default UTC), with the zone's name.
export function fmtTime(iso, timeZone = "UTC") {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone, year: "numeric", month: "short", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
    }).format(d);
  } catch {
    return d.toISOString();
  }
}

export function download(name, text, type = "text/plain") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new Error(`cannot read ${file.name}`));
    r.readAsText(file);
  });
}

export function heading(title, lead) {
  const parts = [h("h1", { tabindex: "-1", class: "screen-title" }, title)];
  if (lead) parts.push(h("p", { class: "lead" }, lead));
  return parts;
}
