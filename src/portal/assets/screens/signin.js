// Sign-in: a user of an operator with a password, or an operator API token.

import { post } from "../api.js";
import { h, field, statusBox, showLoading, showError, heading } from "../ui.js";
import { setSession, go } from "../app.js";

export function render(main) {
  const status = statusBox();
  const operator = h("input", { name: "operator", autocomplete: "organization", required: true });
  const user = h("input", { name: "user", autocomplete: "username" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password" });
  const token = h("input", { name: "token", type: "password", autocomplete: "off" });
  const withToken = h("input", { type: "checkbox", name: "with-token" });
  const userFields = h("div", {}, field("User", user), field("Password", password));
  const tokenFields = h("div", { hidden: true },
    field("Operator API token", token, "A token signs in as the operator, with the approver role."));
  withToken.addEventListener("change", () => {
    userFields.hidden = withToken.checked;
    tokenFields.hidden = !withToken.checked;
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { class: "card narrow", "aria-describedby": "signin-lead" },
    field("Operator", operator, "Your operator id, for example operator-123."),
    userFields,
    h("div", { class: "field check" }, withToken, h("label", { for: withToken.id = "with-token" }, "Sign in with an API token instead")),
    tokenFields,
    h("div", { class: "actions" }, submit),
    status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = withToken.checked
      ? { operator: operator.value.trim(), token: token.value }
      : { operator: operator.value.trim(), user: user.value.trim(), password: password.value };
    submit.disabled = true;
    showLoading(status, "Signing in…");
    try {
      const s = await post("/v1/session", body);
      setSession(s);
      const next = sessionStorage.getItem("tourney.after-signin");
      sessionStorage.removeItem("tourney.after-signin");
      go(next && next !== "#/signin" ? next : "#/tournaments");
    } catch (err) {
      showError(status, err.status === 401 ? new Error("the operator, user or password is not right") : err);
      submit.disabled = false;
      password.select();
    }
  });
  main.append(...heading("Sign in", "Sign in to prepare, validate and launch your tournaments."), form);
  const lead = main.querySelector(".lead");
  if (lead) lead.id = "signin-lead";
}
