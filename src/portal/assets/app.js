// The portal's shell: the session, the navigation and a hash router that shows one
// screen at a time. Each screen module exports render(main, ctx) and may return a
// function that stops what it started (a live stream, a timer); the router waits for
// it when it returns a promise.

import { get, del, setCsrf } from "./api.js";
import { h, clear } from "./ui.js";

const screens = {
  signin: () => import("./screens/signin.js"),
  tournaments: () => import("./screens/tournaments.js"),
  gallery: () => import("./screens/gallery.js"),
  customise: () => import("./screens/customise.js"),
  source: () => import("./screens/source.js"),
  preview: () => import("./screens/preview.js"),
  validate: () => import("./screens/validate.js"),
  schedule: () => import("./screens/schedule.js"),
  activate: () => import("./screens/activate.js"),
  board: () => import("./screens/board.js"),
  analytics: () => import("./screens/analytics.js"),
  versions: () => import("./screens/versions.js"),
  approvals: () => import("./screens/approvals.js"),
  audit: () => import("./screens/audit.js"),
};

const EDIT_STEPS = {
  form: "customise", source: "source", preview: "preview",
  validate: "validate", schedule: "schedule", activate: "activate",
};

// "#/t/weekly/board" -> { screen: "board", params: { id: "weekly" } }
export function route(hash) {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (!first || first === "tournaments") return { screen: "tournaments", nav: "tournaments", params: {} };
  if (first === "signin") return { screen: "signin", params: {} };
  if (first === "new") return { screen: "gallery", nav: "new", params: {} };
  if (first === "edit") return { screen: EDIT_STEPS[second] || "customise", nav: "new", params: { step: second || "form" } };
  if (first === "t" && second) {
    const tab = { analytics: "analytics", versions: "versions" }[third] || "board";
    return { screen: tab, nav: "tournaments", params: { id: second, tab: third || "board" } };
  }
  if (first === "approvals") return { screen: "approvals", nav: "approvals", params: { id: second, hash: third, extra: fourth } };
  if (first === "audit") return { screen: "audit", nav: "audit", params: {} };
  return { screen: "tournaments", nav: "tournaments", params: {} };
}

const state = { session: null, stop: null, seq: 0 };

export function session() {
  return state.session;
}

export function setSession(s) {
  state.session = s;
  setCsrf(s ? s.csrf : null);
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  nav.hidden = !s;
  if (!s) {
    clear(who);
    return;
  }
  clear(who,
    h("span", {}, `${s.user || "token"} · ${s.operator} · ${s.role}${s.four_eyes ? " · four eyes" : ""}`),
    h("button", { type: "button", class: "secondary small", onclick: signOut }, "Sign out"));
}

async function signOut() {
  try {
    await del("/v1/session");
  } catch {
    // Signed out locally whatever the server says.
  }
  setSession(null);
  sessionStorage.clear();
  location.hash = "#/signin";
}

export function go(hash) {
  if (location.hash === hash) show();
  else location.hash = hash;
}

async function show() {
  const main = document.getElementById("main");
  const r = route(location.hash);
  if (!state.session && r.screen !== "signin") {
    sessionStorage.setItem("tourney.after-signin", location.hash || "#/tournaments");
    location.hash = "#/signin";
    return;
  }
  const seq = ++state.seq;
  const stop = state.stop;
  state.stop = null;
  // A screen may finish what it started (the form writes its last change) first.
  if (stop) await stop();
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.nav === r.nav) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const mod = await screens[r.screen]();
  if (seq !== state.seq) return;
  clear(main);
  const next = mod.render(main, { params: r.params, session: state.session, go });
  state.stop = typeof next === "function" ? next : null;
  const title = main.querySelector("h1");
  if (title) {
    document.title = `${title.textContent} · tourney portal`;
    title.focus({ preventScroll: false });
  }
}

async function start() {
  try {
    setSession(await get("/v1/session"));
  } catch {
    setSession(null);
  }
  window.addEventListener("hashchange", show);
  window.addEventListener("portal:signed-out", () => {
    if (!state.session) return;
    setSession(null);
    location.hash = "#/signin";
  });
  if (state.session && (!location.hash || location.hash === "#/signin")) location.hash = "#/tournaments";
  else show();
}

start();
