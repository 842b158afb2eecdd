// Saving the draft as a version, with the conflict a concurrent edit causes.

import { get, tournamentPath, enc } from "../api.js";
import { h, confirmDialog, showLoading, showDone, showError, announce } from "../ui.js";
import { getDraft, setDraft, saveDraft, versionHash } from "../draft.js";

// Saves; on a conflict, tells who was first and offers to load their version.
export async function saveWithConflict(status) {
  showLoading(status, "Saving a version…");
  try {
    const v = await saveDraft();
    const hash = versionHash(v);
    showDone(status, h("p", { class: "ok" }, `Saved version ${hash ? hash.slice(0, 12) : ""}.`));
    announce("Saved");
    return v;
  } catch (err) {
    if (err.status !== 409) {
      showError(status, err);
      return null;
    }
    const current = err.body ? ((err.body.error && err.body.error.current) || err.body.current || null) : null;
    const currentHash = typeof current === "string" ? current : versionHash(current);
    showError(status, Object.assign(new Error(`someone saved this tournament after you opened it${currentHash ? ` (now at ${currentHash.slice(0, 12)})` : ""}; nothing was overwritten`), { code: "conflict" }));
    let source = current && typeof current === "object" ? current.source : null;
    if (!source && currentHash) {
      try {
        const v = await get(`${tournamentPath(getDraft().id)}/versions/${enc(currentHash)}`);
        source = typeof v === "string" ? v : v.source;
      } catch {
        source = null;
      }
    }
    if (source) {
      const load = await confirmDialog({
        title: "This tournament changed meanwhile",
        body: h("div", {}, h("p", {}, "Another save reached the server first. Your changes were not saved."),
          h("p", {}, "Load their version to continue from it (your text is copied to the clipboard first), or cancel to keep editing yours.")),
        confirmLabel: "Load their version",
      });
      if (load) {
        try { await navigator.clipboard.writeText(getDraft().source); } catch { /* clipboard is optional */ }
        setDraft({ source, saved: source, base: currentHash });
        return "reloaded";
      }
    }
    return null;
  }
}
