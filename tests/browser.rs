//! The page-test harness itself: a real Chromium opens a page the `tourney` binary
//! serves. If this fails, every page test would: it says which tool is missing.

#[path = "support/browser.rs"]
mod browser;

use browser::{Browser, Res, Server};
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_reads_a_page_the_binary_serves() -> Res<()> {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/tournaments/weekend-slots.tourney"
    );
    let server = Server::spawn(
        Command::new(env!("CARGO_BIN_EXE_tourney"))
            .args(["run", example, "--generate", "1000", "--players", "50"])
            .args(["--listen", "127.0.0.1:0"]),
        "read API on",
    )?;
    let browser = Browser::start().await?;
    browser.goto(&server.url("/healthz")).await?;
    let text = browser.wait_text("body", |t| t.contains("status")).await?;
    browser.close().await;
    assert!(
        text.contains("\"ok\""),
        "the health answer in the page: {text}"
    );
    Ok(())
}
