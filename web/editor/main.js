// The portal's source editor: CodeMirror 6 with the tourney highlighting and the
// checker's diagnostics at their spans. Bundled at build time into one file
// (scripts/build-editor); the portal's own code imports only createEditor.

import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { StreamLanguage, syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput } from "@codemirror/language";
import { linter, lintGutter, lintKeymap } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { tags } from "@lezer/highlight";
import { tourneyMode } from "./tourney-mode.js";

// Colours chosen for at least 4.5:1 contrast on the white editor background.
const style = HighlightStyle.define([
  { tag: tags.keyword, color: "#6f2da8", fontWeight: "600" },
  { tag: tags.string, color: "#0b6e2a" },
  { tag: [tags.lineComment, tags.blockComment], color: "#5c6370", fontStyle: "italic" },
  { tag: tags.number, color: "#a13a00" },
  { tag: tags.unit, color: "#8a4b00" },
  { tag: tags.atom, color: "#005f87" },
  { tag: tags.propertyName, color: "#00568f" },
  { tag: tags.operator, color: "#3b3b3b" },
]);

const LINT_DELAY_MS = 150;

// The editor's own look. CodeMirror's styles go into the editor's shadow root as
// constructed style sheets, which a strict CSP (style-src 'self') allows, where a
// <style> element in the page would be refused.
const theme = EditorView.theme({
  "&": { minHeight: "24rem", fontSize: "0.92rem", backgroundColor: "#ffffff", color: "#1b1f24" },
  "&.cm-focused": { outline: "3px solid #ffbf47", outlineOffset: "0" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", minHeight: "24rem" },
  ".cm-gutters": { backgroundColor: "#f1f3f5", color: "#4a5360", borderRight: "1px solid #c9d0d8" },
  ".cm-activeLine": { backgroundColor: "#f3f7fc" },
  ".cm-tooltip-lint": { maxWidth: "36rem" },
  ".diag-code": { fontWeight: "700", color: "#0b57a4" },
  ".diag-help": { color: "#4a5360", marginTop: "0.2rem" },
  ".cm-diagnosticText a": { color: "#0b57a4" },
});

function clamp(value, length) {
  const n = Number.isFinite(value) ? value : 0;
  return Math.max(0, Math.min(n, length));
}

function renderMessage(d) {
  return () => {
    const span = document.createElement("span");
    if (d.code) {
      const link = document.createElement(d.url ? "a" : "span");
      link.textContent = d.code;
      link.className = "diag-code";
      if (d.url) {
        link.href = d.url;
        link.target = "_blank";
        link.rel = "noopener";
      }
      span.append(link, " ");
    }
    span.append(d.message || "");
    if (d.help) {
      const help = document.createElement("div");
      help.className = "diag-help";
      help.textContent = d.help;
      span.append(help);
    }
    return span;
  };
}

// Turns the check answer's diagnostics (UTF-16 offsets) into CodeMirror's.
export function toDiagnostics(list, length) {
  return (list || []).map((d) => {
    const from = clamp(d.from, length);
    const to = Math.max(from, clamp(d.to, length));
    return {
      from,
      to,
      severity: d.severity === "warning" ? "warning" : "error",
      source: d.code,
      message: `${d.code ? d.code + " " : ""}${d.message || ""}`,
      renderMessage: renderMessage(d),
    };
  });
}

function lintSource(lint) {
  return async (view) => {
    const doc = view.state.doc.toString();
    try {
      const list = await lint(doc);
      if (view.state.doc.toString() !== doc) return [];
      return toDiagnostics(list, view.state.doc.length);
    } catch {
      return [];
    }
  };
}

// parent: an element (the editor lives in its shadow root); doc: the initial text; onChange(text) after every edit;
// lint(text) -> Promise of the check answer's diagnostics.
export function createEditor(parent, { doc = "", onChange, lint, label = "Tourney source" } = {}) {
  const extensions = [
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    bracketMatching(),
    indentOnInput(),
    StreamLanguage.define(tourneyMode),
    syntaxHighlighting(style),
    theme,
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true" }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && onChange) onChange(update.state.doc.toString());
    }),
  ];
  if (lint) extensions.push(linter(lintSource(lint), { delay: LINT_DELAY_MS }), lintGutter());
  const root = parent.shadowRoot || parent.attachShadow({ mode: "open" });
  const view = new EditorView({ state: EditorState.create({ doc, extensions }), parent: root, root });
  return {
    view,
    getValue: () => view.state.doc.toString(),
    setValue(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
