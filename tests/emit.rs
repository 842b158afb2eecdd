#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Emitter tests: hand-built tournaments through `tourney::emit`, checked by an
//! independent tokenizer, a ksqlDB grammar subset, snapshots and the config schema.

#[path = "emit/fixtures.rs"]
mod fixtures;
#[path = "emit/grammar.rs"]
mod grammar;
#[path = "emit/hostile.rs"]
mod hostile;
#[path = "emit/safety.rs"]
mod safety;
#[path = "emit/schema.rs"]
mod schema;
#[path = "emit/tokens.rs"]
mod tokens;

use safety::assert_safe;
use tourney::emit::{emit, EmitOptions, Emitted};
use tourney::ir::Tournament;

fn emitted(t: &Tournament, opts: &EmitOptions) -> Emitted {
    match emit(t, opts) {
        Ok(e) => e,
        Err(e) => panic!("emit `{}` failed: {e}", t.id),
    }
}

/// The snapshot body: every statement, then the config.
fn render(e: &Emitted) -> String {
    let config = serde_json::to_string_pretty(&e.config).unwrap_or_else(|err| err.to_string());
    format!(
        "stream: {}\ntopic: {}\n\n{}\n\n{}\n\n{}\n\n{config}\n",
        e.stream, e.topic, e.source_stream, e.statement, e.drop
    )
}

fn snapshot(name: &str, t: &Tournament, opts: &EmitOptions) {
    let e = emitted(t, opts);
    grammar::assert_parses(&[&e.source_stream, &e.statement, &e.drop]);
    insta::with_settings!({
        description => format!("{} ({}/{}) with {opts:?}", t.title, t.operator, t.id),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, render(&e));
    });
}

#[test]
fn snapshot_weekend_slots() {
    snapshot(
        "weekend_slots",
        &fixtures::weekend_slots(),
        &EmitOptions::default(),
    );
}

#[test]
fn snapshot_big_win_hunt() {
    let opts = EmitOptions {
        or_replace: false,
        delete_topic: true,
    };
    snapshot("big_win_hunt", &fixtures::big_win_hunt(), &opts);
}

#[test]
fn snapshot_open_count_replace() {
    let opts = EmitOptions {
        or_replace: true,
        delete_topic: false,
    };
    snapshot("open_count_replace", &fixtures::open_count(), &opts);
}

#[test]
fn source_stream_is_safe_and_shared() {
    let a = emitted(&fixtures::weekend_slots(), &EmitOptions::default());
    let b = emitted(
        &fixtures::big_win_hunt(),
        &EmitOptions {
            or_replace: true,
            ..EmitOptions::default()
        },
    );
    assert_eq!(a.source_stream, b.source_stream);
    assert_safe(
        &a.source_stream,
        &[
            "wager.events",
            "JSON",
            "TIMESTAMP",
            "yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]XXX",
        ],
    );
    assert!(a
        .source_stream
        .starts_with("CREATE STREAM IF NOT EXISTS WAGER_EVENTS ("));
}

#[test]
fn fixtures_emit_safe_statements() {
    for t in [
        fixtures::weekend_slots(),
        fixtures::big_win_hunt(),
        fixtures::open_count(),
    ] {
        for or_replace in [false, true] {
            let e = emitted(
                &t,
                &EmitOptions {
                    or_replace,
                    ..EmitOptions::default()
                },
            );
            let tokens = tokens::tokenize(&e.statement).unwrap_or_default();
            assert_eq!(
                tokens
                    .iter()
                    .filter(|t| **t == tokens::Tok::Semicolon)
                    .count(),
                1
            );
            grammar::assert_parses(&[&e.statement, &e.drop]);
            assert_eq!(
                e.statement.starts_with("CREATE OR REPLACE STREAM "),
                or_replace
            );
        }
    }
}

#[test]
fn emitting_is_deterministic() {
    let t = fixtures::big_win_hunt();
    let opts = EmitOptions::default();
    assert_eq!(emitted(&t, &opts), emitted(&t, &opts));
}
