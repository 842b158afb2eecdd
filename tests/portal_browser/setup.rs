//! A `tourney portal` on a fresh workspace, its users, and the steps a person takes in
//! the page (sign in, type in the editor, confirm a dialog).
//!
//! Operators and users (every password is `pw-<user>`):
//! - `op-a`: `ann` editor, `abe` approver; four eyes as the test asks.
//! - `op-b`: `bob` editor.

use crate::browser::{Browser, Res, Server};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

const USERS: [(&str, &str, &str); 3] = [
    ("op-a", "ann", "editor"),
    ("op-a", "abe", "approver"),
    ("op-b", "bob", "editor"),
];

fn users_body() -> &'static str {
    static BODY: OnceLock<String> = OnceLock::new();
    BODY.get_or_init(|| crate::portal::users_toml(&USERS))
}

/// A tournament of `op-a` as a workspace file would hold it, with a test the form
/// cannot show.
pub fn race(id: &str) -> String {
    let test = "
  test \"a slots wager counts\" {
    wager \"w1\" { player \"p1\"  game \"slot-1\"  category \"slots\"  amount 1.00 EUR  at 2030-01-04T10:00:00Z }
    expect eligible \"w1\"
  }
";
    crate::portal::race_source(id, "op-a", "", test)
}

pub struct Portal {
    pub server: Server,
    pub dir: tempfile::TempDir,
}

impl Portal {
    /// Starts the binary's portal; `files` are `(operator, id, source)` put in the
    /// workspace before it starts.
    pub fn start(four_eyes: bool, files: &[(&str, &str, &str)]) -> Res<Portal> {
        let dir = tempfile::tempdir()?;
        for (op, id, source) in files {
            let folder = dir.path().join("workspace").join(op);
            std::fs::create_dir_all(&folder)?;
            std::fs::write(folder.join(format!("{id}.tourney")), source)?;
        }
        std::fs::create_dir_all(dir.path().join("workspace"))?;
        let users = dir.path().join("users.toml");
        let settings = format!("[operators.op-a]\nfour_eyes = {four_eyes}\n");
        std::fs::write(&users, format!("{settings}{}", users_body()))?;
        let server = Server::spawn(
            Command::new(env!("CARGO_BIN_EXE_tourney"))
                .arg("portal")
                .arg("--workspace")
                .arg(dir.path().join("workspace"))
                .arg("--users")
                .arg(&users)
                .args(["--listen", "127.0.0.1:0"]),
            "portal on",
        )?;
        Ok(Portal { server, dir })
    }

    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Signs in as `user` of `operator` through the sign-in screen.
pub async fn sign_in(b: &Browser, portal: &Portal, operator: &str, user: &str) -> Res<()> {
    b.goto(&portal.url("/#/signin")).await?;
    b.fill("input[name=operator]", operator).await?;
    b.fill("input[name=user]", user).await?;
    b.fill("input[name=password]", &format!("pw-{user}"))
        .await?;
    b.click("form button[type=submit]").await?;
    b.wait_until("signed in", "return !document.getElementById('nav').hidden")
        .await
}

/// Opens a screen by its address in the page (`#/edit/source`) and waits for its title.
pub async fn open(b: &Browser, portal: &Portal, hash: &str, title: &str) -> Res<()> {
    b.goto(&portal.url(&format!("/{hash}"))).await?;
    b.wait_text("main h1", |t| t.starts_with(title)).await?;
    Ok(())
}

/// Puts a source into the page's draft, as if the operator had opened it.
pub async fn set_draft(b: &Browser, source: &str, id: &str) -> Res<()> {
    let draft = serde_json::json!({ "source": source, "id": id, "base": null, "saved": null });
    b.client
        .execute(
            "sessionStorage.setItem('tourney.draft', JSON.stringify(arguments[0])); return true",
            vec![draft],
        )
        .await?;
    Ok(())
}

const EDITOR: &str = "document.querySelector('.editor-host')";

/// The text in the source editor.
pub async fn editor_text(b: &Browser) -> Res<String> {
    b.wait_until(
        "the editor",
        &format!("return !!({EDITOR} && {EDITOR}.editor)"),
    )
    .await?;
    let v = b
        .client
        .execute(&format!("return {EDITOR}.editor.getValue()"), vec![])
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Types `keys` at the end of the editor's text, as a person would.
pub async fn type_in_editor(b: &Browser, keys: &str) -> Res<()> {
    editor_text(b).await?;
    b.client
        .execute(
            &format!("{EDITOR}.shadowRoot.querySelector('.cm-content').focus(); return true"),
            vec![],
        )
        .await?;
    let el = b.client.active_element().await?;
    // Control+End: to the end of the text; then the keys.
    el.send_keys(&format!("\u{E009}\u{E010}\u{E000}{keys}"))
        .await?;
    Ok(())
}

/// The text of every error mark in the editor.
pub async fn error_marks(b: &Browser) -> Res<Vec<String>> {
    let v = b
        .client
        .execute(
            &format!("return [...{EDITOR}.shadowRoot.querySelectorAll('.cm-lintRange-error')].map(e => e.textContent)"),
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// Confirms the open dialog with Enter, as the keyboard user does.
pub async fn confirm(b: &Browser) -> Res<()> {
    let button = b.find("dialog[open] button[type=submit]").await?;
    button.send_keys("\u{E007}").await?;
    b.wait_until(
        "the dialog closed",
        "return !document.querySelector('dialog[open]')",
    )
    .await
}

/// The rows of the table under `css` as text cells.
pub async fn table_rows(b: &Browser, css: &str) -> Res<Vec<Vec<String>>> {
    let v = b
        .client
        .execute(
            "return [...document.querySelectorAll(arguments[0] + ' tbody tr')].map(r => [...r.children].map(c => c.textContent.trim()))",
            vec![serde_json::Value::String(css.to_string())],
        )
        .await?;
    let rows: Vec<Vec<String>> = serde_json::from_value(v)?;
    Ok(rows)
}

/// Every control of the screen a screen reader can name: inputs, selects and text
/// areas by a label (or `aria-label`), buttons and links by their text or label.
pub async fn assert_labelled(b: &Browser, screen: &str) -> Res<()> {
    let script = r#"
const named = (el) => {
  const labels = el.labels ? [...el.labels].map((l) => l.textContent).join(" ") : "";
  const by = el.getAttribute("aria-labelledby");
  const ref = by ? by.split(/\s+/).map((id) => document.getElementById(id)?.textContent || "").join(" ") : "";
  const own = ["BUTTON", "A", "SUMMARY"].includes(el.tagName) ? el.textContent : "";
  return [labels, el.getAttribute("aria-label") || "", ref, el.getAttribute("title") || "", own]
    .some((t) => t.trim().length > 0);
};
const bad = [];
let seen = 0;
for (const el of document.querySelectorAll("main input:not([type=hidden]), main select, main textarea, main button, main a[href]")) {
  if (el.closest("[hidden]")) continue;
  seen += 1;
  if (!named(el)) bad.push(el.outerHTML.slice(0, 160));
}
return { bad, seen };"#;
    let v = b.client.execute(script, vec![]).await?;
    let bad: Vec<String> = serde_json::from_value(v["bad"].clone())?;
    if v["seen"].as_u64().unwrap_or(0) == 0 {
        return Err(format!("{screen}: no control on the screen to check").into());
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(format!("{screen}: controls without a name: {bad:#?}").into())
    }
}
