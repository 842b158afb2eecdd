#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The player page in a real Chromium, against `tourney run` with generated wagers:
//! the board, its moves, the player's place and neighbours, a server restart, and
//! tokens that must not show anything.

#[path = "../support/browser.rs"]
mod browser;

use browser::{Browser, Res, Server};
use std::path::Path;
use std::process::Command;
use tourney::serve::player::token::{mint, now_s, Claims};

const KEY_A: &str = "operator-a-browser-key-of-32-bytes-at-least";
const KEY_B: &str = "operator-b-browser-key-of-32-bytes-at-least";
const PLAYER: &str = "player-000001";

/// A race of `op` that runs from an hour ago to two hours from now.
fn race(op: &str) -> String {
    let now = chrono::Utc::now();
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:00Z").to_string();
    format!(
        r#"tournament "race" {{
  title "Friday Slots Race"
  operator "{op}"
  runs {} .. {}
  eligible when {{
    wager.amount >= 0.10 EUR
  }}
  score {{
    points = wager.amount
  }}
  leaderboard {{
    update realtime
    size 20
    prizes {{
      1: "€500"
      2..3: "€100"
      4..10: "25 free spins"
    }}
  }}
}}
"#,
        fmt(now - chrono::Duration::hours(1)),
        fmt(now + chrono::Duration::hours(2))
    )
}

fn token(op: &str, player: &str, key: &str, ttl: i64) -> String {
    let iat = now_s() - 30;
    let claims = Claims {
        kid: "k1".into(),
        operator: op.into(),
        tournament: "race".into(),
        player: player.into(),
        iat,
        exp: iat + ttl,
    };
    mint(&claims, key.as_bytes()).unwrap()
}

fn write_files(dir: &Path) -> Res<()> {
    std::fs::write(dir.join("a.tourney"), race("operator-a"))?;
    std::fs::write(
        dir.join("keys.toml"),
        format!(
            "[operator-a]\nkeys = {{ k1 = \"{KEY_A}\" }}\n[operator-b]\nkeys = {{ k1 = \"{KEY_B}\" }}\n"
        ),
    )?;
    Ok(())
}

/// `tourney run` on `listen`, feeding generated wagers of 40 players slowly.
fn run(dir: &Path, listen: &str, seed: u32) -> Res<Server> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tourney"));
    cmd.current_dir(dir).args([
        "run",
        "a.tourney",
        "--generate",
        "100000",
        "--players",
        "40",
        "--rate",
        "40",
        "--seed",
        &seed.to_string(),
        "--listen",
        listen,
        "--player-keys",
        "keys.toml",
    ]);
    Server::spawn(&mut cmd, "read API on")
}

fn free_port() -> Res<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_follows_the_board_and_survives_a_restart() -> Res<()> {
    let dir = tempfile::tempdir()?;
    write_files(dir.path())?;
    let listen = format!("127.0.0.1:{}", free_port()?);
    let mut server = run(dir.path(), &listen, 1)?;
    let b = Browser::start().await?;
    let me = token("operator-a", PLAYER, KEY_A, 900);
    b.goto(&server.url(&format!("/play/operator-a/race#token={me}")))
        .await?;
    // The board, with masked ids, and the token gone from the address bar.
    b.wait_text("#top-body", |t| t.lines().count() >= 3).await?;
    let top = b.wait_text("#top-body", |t| t.contains("***")).await?;
    assert!(!top.contains("player-0000"), "raw ids on the page: {top}");
    let url = b.client.current_url().await?;
    assert!(!url.as_str().contains("token"), "{url}");
    // The player's own place, highlighted, with neighbours.
    b.wait_text("#me-summary", |t| t.starts_with("You are number"))
        .await?;
    b.wait_until(
        "the player's row is highlighted among neighbours",
        "return document.querySelectorAll('#me-body tr').length >= 3 \
         && document.querySelectorAll('#me-body tr.you').length === 1",
    )
    .await?;
    let ties = b.wait_text("#ties", |t| !t.is_empty()).await?;
    assert!(ties.starts_with("Equal scores rank by"), "{ties}");
    b.wait_text("#clock", |t| t.starts_with("Time left"))
        .await?;
    b.wait_text("#asof", |t| t.starts_with("Standings as of"))
        .await?;
    b.screenshot("player/page").await?;
    // On a phone.
    b.fits(390, 844).await?;
    b.wait_text("#me-summary", |t| t.starts_with("You are number"))
        .await?;
    b.fits(1280, 900).await?;
    // The board moves while wagers flow.
    let before = b.wait_text("#top-body", |_| true).await?;
    b.wait_text("#top-body", |t| t != before).await?;
    // The server goes away: the page says so, then reconnects to the new one.
    server.kill();
    b.wait_until(
        "the page shows it is reconnecting",
        "return document.getElementById('app').dataset.state === 'reconnecting'",
    )
    .await?;
    b.screenshot("player/reconnecting").await?;
    // The same traffic again (same seed), so the player is ranked again soon.
    let _again = run(dir.path(), &listen, 1)?;
    b.wait_until(
        "the page is live again",
        "return document.getElementById('app').dataset.state === 'live'",
    )
    .await?;
    b.wait_text("#me-summary", |t| t.starts_with("You are number"))
        .await?;
    b.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_expired_and_foreign_tokens_show_nothing() -> Res<()> {
    let dir = tempfile::tempdir()?;
    write_files(dir.path())?;
    let server = run(dir.path(), "127.0.0.1:0", 1)?;
    let b = Browser::start().await?;
    let good = token("operator-a", PLAYER, KEY_A, 900);
    let (payload, _) = good.split_once('.').unwrap();
    let forged = format!("{payload}.{}", "A".repeat(43));
    let cases = [
        ("expired", token("operator-a", PLAYER, KEY_A, 10)),
        ("forged", forged),
        (
            "another operator's",
            token("operator-b", PLAYER, KEY_B, 900),
        ),
    ];
    for (what, t) in cases {
        b.goto(&server.url(&format!("/play/operator-a/race#token={t}")))
            .await?;
        b.wait_until(
            &format!("the {what} token is refused"),
            "return document.getElementById('app').dataset.state === 'refused'",
        )
        .await?;
        let shown: String = b
            .client
            .execute(
                "return document.getElementById('top-body').textContent + \
                 (document.getElementById('me').hidden ? '' : 'ME SHOWN')",
                vec![],
            )
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(shown, "", "the page showed data with the {what} token");
    }
    b.screenshot("player/refused").await?;
    b.close().await;
    Ok(())
}
