//! The portal in a real Chromium against the real binary: a person's steps, one
//! scenario per test. With `TOURNEY_SCREENSHOTS=1` each step is saved as a PNG in
//! book/src/portal/ for the book's Portal chapter.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/portal.rs"]
mod portal;
#[path = "portal_browser/setup.rs"]
mod setup;

use browser::{Browser, Res};
use serde_json::Value;
use setup::{
    assert_labelled, confirm, editor_text, error_marks, open, race, set_draft, sign_in, table_rows,
    type_in_editor, Portal,
};
use std::process::Command;

async fn shot(b: &Browser, name: &str) -> Res<()> {
    b.screenshot(&format!("portal/{name}")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_a_template_to_a_live_board_with_generated_traffic() -> Res<()> {
    let portal = Portal::start(false, &[])?;
    let b = Browser::start().await?;
    b.goto(&portal.url("/")).await?;
    b.wait_text("main h1", |t| t == "Sign in").await?;
    shot(&b, "01-sign-in").await?;
    sign_in(&b, &portal, "op-a", "ann").await?;

    open(&b, &portal, "#/new", "Choose a template").await?;
    b.click("input[name=template][value=slots-race]").await?;
    b.fill("input[name=id]", "summer-race").await?;
    b.fill("input[name=title]", "Summer Race").await?;
    shot(&b, "02-templates").await?;
    b.click(".gallery-form button[type=submit]").await?;

    b.wait_text(".sticky-status", |t| t.contains("no problems"))
        .await?;
    b.fill("input[name=size]", "20").await?;
    b.wait_text(".sticky-status", |t| t.contains("Source updated"))
        .await?;
    shot(&b, "03-customise").await?;
    assert_labelled(&b, "customise").await?;

    b.click(".steps a[href='#/edit/source']").await?;
    let text = editor_text(&b).await?;
    assert!(
        text.contains("size 20"),
        "the form's change is in the source:\n{text}"
    );
    assert!(text.contains(r#"from "slots-race""#), "{text}");
    shot(&b, "04-source").await?;

    b.click(".steps a[href='#/edit/preview']").await?;
    b.wait_text("pre.code", |t| t.contains("CREATE")).await?;
    shot(&b, "05-preview").await?;
    assert_labelled(&b, "preview").await?;

    b.click(".steps a[href='#/edit/validate']").await?;
    b.click("#run-dry-run").await?;
    b.wait_text(".results", |t| t.contains("Summary")).await?;
    shot(&b, "06-validate").await?;
    assert_labelled(&b, "validate").await?;

    b.click(".steps a[href='#/edit/schedule']").await?;
    b.click("#save-version").await?;
    b.wait_text("table.schedule", |t| t.contains("UTC")).await?;
    shot(&b, "07-schedule").await?;
    assert_labelled(&b, "schedule").await?;

    b.click(".steps a[href='#/edit/activate']").await?;
    b.wait_until(
        "a plan",
        "return !document.getElementById('activate').disabled",
    )
    .await?;
    shot(&b, "08-plan").await?;
    assert_labelled(&b, "activate").await?;
    b.click("#activate").await?;
    b.find("dialog[open]").await?;
    shot(&b, "09-confirm").await?;
    confirm(&b).await?;
    b.click("a[href='#/t/summer-race']").await?;

    b.wait_until(
        "players on the live board",
        "return document.querySelectorAll('.live-board tbody tr').length > 0",
    )
    .await?;
    b.wait_text(".live-status", |t| t.starts_with("Live"))
        .await?;
    let before = table_rows(&b, ".live-board").await?;
    b.wait_until(
        "the board moved without a reload",
        "return Number(document.querySelector('.live-status').dataset.changes || 0) > 0",
    )
    .await?;
    assert!(!before.is_empty());
    shot(&b, "10-live-board").await?;
    assert_labelled(&b, "live board").await?;
    // On a tablet, portrait.
    b.fits(768, 1024).await?;
    b.fits(1280, 900).await?;

    open(&b, &portal, "#/tournaments", "Tournaments").await?;
    b.wait_text(".tournament-list", |t| t.contains("summer-race"))
        .await?;
    shot(&b, "11-tournaments").await?;
    open(&b, &portal, "#/t/summer-race/analytics", "Analytics").await?;
    b.wait_text(".analytics", |t| t.contains("Prize budget"))
        .await?;
    shot(&b, "12-analytics").await?;
    assert_labelled(&b, "analytics").await?;
    b.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_then_source_then_form_keeps_everything() -> Res<()> {
    let source = race("keep-race");
    let portal = Portal::start(false, &[])?;
    let b = Browser::start().await?;
    sign_in(&b, &portal, "op-a", "ann").await?;
    set_draft(&b, &source, "keep-race").await?;
    open(&b, &portal, "#/edit/form", "Customise").await?;
    b.wait_text(".kept summary", |t| t.contains("does not show"))
        .await?;
    b.fill("input[name=title]", "Renamed race").await?;
    b.wait_text(".sticky-status", |t| t.contains("Source updated"))
        .await?;

    open(&b, &portal, "#/edit/source", "Source").await?;
    let text = editor_text(&b).await?;
    assert_eq!(text, source.replace("Race keep-race", "Renamed race"));

    open(&b, &portal, "#/edit/form", "Customise").await?;
    b.wait_until(
        "the form shows the source again",
        "const t = document.querySelector('input[name=title]'); return !!t && t.value === 'Renamed race'",
    )
    .await?;
    shot(&b, "13-form-kept").await?;
    b.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagnostic_appears_at_its_span_while_typing_and_goes_away_when_fixed() -> Res<()> {
    let portal = Portal::start(false, &[])?;
    let b = Browser::start().await?;
    sign_in(&b, &portal, "op-a", "ann").await?;
    set_draft(&b, &race("typo-race"), "typo-race").await?;
    open(&b, &portal, "#/edit/source", "Source").await?;
    b.wait_text(".diagnostics", |t| t.contains("No problems"))
        .await?;

    type_in_editor(&b, "\noops").await?;
    b.wait_until(
        "an error mark",
        "return document.querySelector('.editor-host').shadowRoot.querySelectorAll('.cm-lintRange-error').length > 0",
    )
    .await?;
    let marks = error_marks(&b).await?;
    assert!(
        marks.iter().all(|m| m.contains("oops")),
        "marked: {marks:?}"
    );
    let link = b.find(".diagnostics a").await?;
    let href = link.attr("href").await?.unwrap_or_default();
    assert!(
        href.starts_with("/book/diagnostics/T") && href.ends_with(".html"),
        "{href}"
    );
    shot(&b, "14-diagnostic").await?;

    type_in_editor(&b, "\u{E003}\u{E003}\u{E003}\u{E003}\u{E003}").await?;
    b.wait_text(".diagnostics", |t| t.contains("No problems"))
        .await?;
    assert!(error_marks(&b).await?.is_empty());
    b.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_dry_run_board_equals_the_command_line() -> Res<()> {
    let portal = Portal::start(false, &[])?;
    let source = race("dry-race");
    let file = portal.path("dry-race.tourney");
    let events = portal.path("events.ndjson");
    std::fs::write(&file, &source)?;
    let tourney = env!("CARGO_BIN_EXE_tourney");
    let gen = Command::new(tourney)
        .arg("gen-events")
        .arg("--tournament")
        .arg(&file)
        .args([
            "--events",
            "3000",
            "--players",
            "80",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&events)
        .output()?;
    assert!(
        gen.status.success(),
        "{}",
        String::from_utf8_lossy(&gen.stderr)
    );
    let cli = Command::new(tourney)
        .arg("dry-run")
        .arg(&file)
        .arg("--events")
        .arg(&events)
        .args(["--format", "json"])
        .output()?;
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let report: Value = serde_json::from_slice(&cli.stdout)?;
    let expected: Vec<(String, String, String)> = report["board"]
        .as_array()
        .ok_or("no board")?
        .iter()
        .map(|r| {
            (
                r["place"].to_string(),
                r["player_id"].as_str().unwrap_or("").to_string(),
                r["score"]
                    .as_str()
                    .map_or_else(|| r["score"].to_string(), String::from),
            )
        })
        .collect();
    assert!(!expected.is_empty());

    let b = Browser::start().await?;
    sign_in(&b, &portal, "op-a", "ann").await?;
    set_draft(&b, &source, "dry-race").await?;
    open(&b, &portal, "#/edit/validate", "Validate").await?;
    b.click("#feed-file").await?;
    let upload = b.find("input[name=events-file]").await?;
    upload.send_keys(&events.display().to_string()).await?;
    b.click("#run-dry-run").await?;
    b.wait_text(".results", |t| t.contains("Summary")).await?;
    let rows = table_rows(&b, ".results section:first-child").await?;
    let seen: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    assert_eq!(seen, expected);
    b.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_b_cannot_see_operator_a_tournament() -> Res<()> {
    let a_source = race("secret-race");
    let portal = Portal::start(false, &[("op-a", "secret-race", &a_source)])?;
    let b = Browser::start().await?;
    sign_in(&b, &portal, "op-b", "bob").await?;
    open(&b, &portal, "#/tournaments", "Tournaments").await?;
    let list = b.wait_text(".tournament-list", |t| !t.is_empty()).await?;
    assert!(!list.contains("secret-race"), "{list}");

    open(&b, &portal, "#/t/secret-race/versions", "Versions").await?;
    b.wait_text("main .error", |t| t.contains("not found"))
        .await?;
    let page = b.find("main").await?.text().await?;
    assert!(!page.contains("Race secret-race"), "{page}");
    shot(&b, "15-other-operator").await?;
    b.close().await;
    Ok(())
}

async fn edit_latest(b: &Browser, portal: &Portal, id: &str, title: &str) -> Res<()> {
    open(b, portal, &format!("#/t/{id}/versions"), "Versions").await?;
    b.click("#edit-latest").await?;
    b.find("input[name=title]").await?;
    b.fill("input[name=title]", title).await?;
    b.wait_text(".sticky-status", |t| t.contains("Source updated"))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_edit_is_reported_as_a_conflict() -> Res<()> {
    let portal = Portal::start(false, &[("op-a", "shared-race", &race("shared-race"))])?;
    let first = Browser::start().await?;
    let second = Browser::start().await?;
    sign_in(&first, &portal, "op-a", "ann").await?;
    sign_in(&second, &portal, "op-a", "ann").await?;
    edit_latest(&first, &portal, "shared-race", "First edit").await?;
    edit_latest(&second, &portal, "shared-race", "Second edit").await?;

    open(&first, &portal, "#/edit/source", "Source").await?;
    first.click("#save-version").await?;
    first
        .wait_text("main", |t| t.contains("Saved version"))
        .await?;

    open(&second, &portal, "#/edit/source", "Source").await?;
    second.click("#save-version").await?;
    second
        .wait_text("dialog[open]", |t| t.contains("changed meanwhile"))
        .await?;
    shot(&second, "16-conflict").await?;
    let on_disk = std::fs::read_to_string(portal.path("workspace/op-a/shared-race.tourney"))?;
    assert!(
        on_disk.contains("First edit") && !on_disk.contains("Second edit"),
        "{on_disk}"
    );
    first.close().await;
    second.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_four_eyes_the_editor_cannot_activate_alone_and_the_approver_sees_the_diff() -> Res<()>
{
    let portal = Portal::start(true, &[("op-a", "gated-race", &race("gated-race"))])?;
    let editor = Browser::start().await?;
    sign_in(&editor, &portal, "op-a", "ann").await?;
    edit_latest(&editor, &portal, "gated-race", "Gated race, final").await?;
    open(&editor, &portal, "#/edit/activate", "Activate").await?;
    editor
        .wait_until(
            "a plan",
            "return !document.getElementById('activate').disabled",
        )
        .await?;
    editor.click("#activate").await?;
    confirm(&editor).await?;
    editor
        .wait_until(
            "asked to get approval",
            "return !document.getElementById('ask-approval').hidden",
        )
        .await?;
    let refused = editor.find("main .error").await?.text().await?;
    assert!(refused.contains("approve"), "{refused}");
    let live = editor
        .client
        .execute(
            "return !!document.querySelector(\"a[href='#/t/gated-race']\")",
            vec![],
        )
        .await?;
    assert_eq!(live.as_bool(), Some(false), "not live without an approval");
    shot(&editor, "17-approval-required").await?;
    editor.click("#ask-approval").await?;
    editor
        .wait_text("main", |t| t.contains("Approval requested"))
        .await?;

    let approver = Browser::start().await?;
    sign_in(&approver, &portal, "op-a", "abe").await?;
    open(&approver, &portal, "#/approvals", "Approvals").await?;
    approver.click("a[href^='#/approvals/gated-race/']").await?;
    let diff = approver
        .wait_text(".diff", |t| t.contains("Gated race, final"))
        .await?;
    assert!(
        diff.contains("Race gated-race"),
        "the approver sees before and after:\n{diff}"
    );
    approver
        .wait_until(
            "may approve",
            "return !document.getElementById('approve').disabled",
        )
        .await?;
    shot(&approver, "18-review").await?;
    approver.click("#approve").await?;
    confirm(&approver).await?;
    approver
        .wait_text("main", |t| t.contains("Approved"))
        .await?;

    editor.click("#activate").await?;
    confirm(&editor).await?;
    editor.find("a[href='#/t/gated-race']").await?;
    editor.close().await;
    approver.close().await;
    Ok(())
}
