// Building blocks of the customise form: text, lists, money, choices and repeatable
// rows. Each returns { el, get() } so the form can be read back into the Form JSON.

import { h, nextId } from "../ui.js";

const listText = (xs) => (xs || []).join(", ");
const parseList = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
const orNull = (s) => (s.trim() === "" ? null : s.trim());

function wrap(label, control, hint, ro) {
  const id = control.id || nextId();
  control.id = id;
  const hintText = ro ? `${hint ? hint + " " : ""}Read-only here: ${ro}` : hint;
  const hintId = `${id}-hint`;
  if (hintText) control.setAttribute("aria-describedby", hintId);
  return h("div", { class: `field${ro ? " read-only" : ""}` },
    h("label", { for: id }, label), control,
    hintText ? h("p", { class: "hint", id: hintId }, hintText) : null);
}

export function text(label, value, { hint, ro, placeholder, inputmode, name } = {}) {
  const input = h("input", { value: value || "", disabled: !!ro, placeholder, inputmode, name, autocomplete: "off" });
  return { el: wrap(label, input, hint, ro), get: () => orNull(input.value), input };
}

export function list(label, values, { hint, ro, placeholder, name } = {}) {
  const input = h("input", { value: listText(values), disabled: !!ro, placeholder, name, autocomplete: "off" });
  return { el: wrap(label, input, hint || "Separate several with commas.", ro), get: () => parseList(input.value) };
}

export function check(label, value, { ro, hint } = {}) {
  const input = h("input", { type: "checkbox", checked: !!value, disabled: !!ro, id: nextId() });
  const hintText = ro ? `Read-only here: ${ro}` : hint;
  return {
    el: h("div", { class: `field check${ro ? " read-only" : ""}` }, input, h("label", { for: input.id }, label),
      hintText ? h("p", { class: "hint" }, hintText) : null),
    get: () => input.checked,
  };
}

export function select(label, value, options, { ro, hint } = {}) {
  const sel = h("select", { disabled: !!ro },
    options.map(([v, text]) => h("option", { value: v, selected: v === (value || "") }, text)));
  return { el: wrap(label, sel, hint, ro), get: () => (sel.value === "" ? null : sel.value), input: sel };
}

export function money(label, value, { hint, ro } = {}) {
  const amount = h("input", { value: value ? value.amount : "", disabled: !!ro, inputmode: "decimal", autocomplete: "off", class: "amount" });
  const currency = h("input", { value: value ? value.currency : "", disabled: !!ro, maxlength: 3, class: "currency", autocomplete: "off" });
  const id = nextId();
  amount.id = id;
  currency.setAttribute("aria-label", `${label}: currency`);
  const hintText = ro ? `Read-only here: ${ro}` : hint;
  if (hintText) amount.setAttribute("aria-describedby", `${id}-hint`);
  return {
    el: h("div", { class: `field${ro ? " read-only" : ""}` }, h("label", { for: id }, label),
      h("div", { class: "inline" }, amount, currency),
      hintText ? h("p", { class: "hint", id: `${id}-hint` }, hintText) : null),
    get: () => (amount.value.trim() === "" ? null : { amount: amount.value.trim(), currency: currency.value.trim().toUpperCase() }),
  };
}

// Repeatable rows: `columns` are [key, label, kind?]; kind "select:a|b" gives a choice.
export function rows(legend, items, columns, { ro, hint, blank, addLabel = "Add a line" } = {}) {
  const body = h("div", { class: "rows" });
  const getters = [];
  function addRow(item) {
    const cells = columns.map(([key, label, kind]) => {
      const v = item[key] ?? "";
      const control = kind && kind.startsWith("select:")
        ? h("select", { disabled: !!ro }, kind.slice(7).split("|").map((o) => h("option", { value: o, selected: o === v }, o)))
        : h("input", { value: v, disabled: !!ro, autocomplete: "off" });
      control.setAttribute("aria-label", label);
      return [key, control, label];
    });
    const row = h("div", { class: "row-line" },
      cells.map(([, c, label]) => h("span", { class: "cell" }, h("span", { class: "cell-label", "aria-hidden": "true" }, label), c)));
    const entry = () => Object.fromEntries(cells.map(([k, c]) => [k, c.value.trim()]));
    getters.push(entry);
    if (!ro) {
      row.append(h("button", { type: "button", class: "secondary small", "aria-label": `Remove this line of ${legend}`,
        onclick: () => { getters.splice(getters.indexOf(entry), 1); row.remove(); body.dispatchEvent(new Event("input", { bubbles: true })); } }, "Remove"));
    }
    body.append(row);
    return cells[0][1];
  }
  (items || []).forEach(addRow);
  const add = ro ? null : h("button", { type: "button", class: "secondary small", onclick: () => addRow(blank || {}).focus() }, addLabel);
  const el = h("fieldset", { class: `rows-set${ro ? " read-only" : ""}` }, h("legend", {}, legend),
    (hint || ro) ? h("p", { class: "hint" }, ro ? `Read-only here: ${ro}` : hint) : null, body, add);
  return { el, get: () => getters.map((g) => g()) };
}
