//! The checker never panics, whatever it is given, and every problem it finds comes back
//! as a diagnostic whose labels point inside the file, on character boundaries.
//!
//! Inputs: arbitrary strings, byte-level mutations of the valid fixtures, and soups of
//! the language's own tokens (which get much deeper into the grammar than random text).

// A failing test panics; that is how it reports.
#![allow(clippy::panic)]

use proptest::prelude::*;
use std::path::Path;
use tourney::check::{check_project, Project};
use tourney::diagnostics::{render_human, render_json, render_short};

const CASES: u32 = 256;

fn valid_fixtures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tourney"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
        })
        .collect()
}

/// Checks `text` and asserts every label of every diagnostic is a valid span of the
/// file it points into; renders every format, which must not panic either.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    let mut project = Project::new();
    let id = project.add_file("input.tourney", text);
    let checked = check_project(&project);
    for d in &checked.diagnostics {
        for label in &d.labels {
            let file = label.file.or(d.file);
            prop_assert!(
                file.is_some(),
                "{} has a label without a file: {:?}",
                d.code,
                d
            );
            let Some(source) = file.and_then(|f| project.sources.get(f)) else {
                return Err(TestCaseError::fail(format!(
                    "{}: label in an unknown file",
                    d.code
                )));
            };
            let (s, e) = (label.span.start, label.span.end);
            let len = source.text.len();
            prop_assert!(
                s <= e && e <= len,
                "{} `{}`: span {}..{} outside the file (length {})",
                d.code,
                d.message,
                s,
                e,
                len
            );
            prop_assert!(
                source.text.is_char_boundary(s) && source.text.is_char_boundary(e),
                "{} `{}`: span {}..{} splits a character",
                d.code,
                d.message,
                s,
                e
            );
        }
        // Every diagnostic names its file: the input, or a template it starts from.
        prop_assert!(d.file.is_some(), "{} names no file", d.code);
        if d.file != Some(id) {
            prop_assert!(
                text.contains("from"),
                "{} points outside the input, which uses no template",
                d.code
            );
        }
    }
    let _ = render_human(&checked.diagnostics, &project.sources, false, 100);
    let _ = render_short(&checked.diagnostics, &project.sources);
    let json = render_json(&checked.diagnostics, &project.sources);
    prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    Ok(())
}

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, u8),
    Replace(usize, u8),
    /// Removes a run of bytes, as when a line or a brace goes missing.
    Cut(usize, usize),
    /// Copies a run of bytes elsewhere, as when a line is pasted twice.
    Duplicate(usize, usize, usize),
}

/// Bytes worth inserting: structure, operators, quotes, digits, and the lead bytes of
/// multi-byte characters (which make the text invalid UTF-8 until it is repaired).
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"{}()\"\\.,:=<>!%+-*/\n \t0123456789xXTZ".to_vec()),
        any::<u8>(),
        Just(0xC3u8),
        Just(0xE2u8),
        Just(0xF0u8),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Cut(i, n)),
        (any::<usize>(), 1usize..60, any::<usize>())
            .prop_map(|(i, n, at)| Edit::Duplicate(i, n, at)),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len();
    match *edit {
        Edit::Delete(i) if len > 0 => {
            bytes.remove(i % len);
        }
        Edit::Insert(i, b) => bytes.insert(i % (len + 1), b),
        Edit::Replace(i, b) if len > 0 => bytes[i % len] = b,
        Edit::Cut(i, n) if len > 0 => {
            let start = i % len;
            let end = (start + n).min(len);
            bytes.drain(start..end);
        }
        Edit::Duplicate(i, n, at) if len > 0 => {
            let start = i % len;
            let end = (start + n).min(len);
            let run: Vec<u8> = bytes[start..end].to_vec();
            let at = at % (len + 1);
            bytes.splice(at..at, run);
        }
        _ => {}
    }
}

/// The words and punctuation of the language, and values of every kind.
const TOKENS: &[&str] = &[
    "tournament",
    "template",
    "from",
    "title",
    "operator",
    "description",
    "metadata",
    "runs",
    "timezone",
    "prewarm",
    "eligible",
    "ineligible",
    "when",
    "or",
    "and",
    "not",
    "any",
    "all",
    "is",
    "present",
    "missing",
    "in",
    "between",
    "score",
    "points",
    "only",
    "wins",
    "aggregate",
    "cap",
    "per",
    "currency",
    "leaderboard",
    "update",
    "realtime",
    "every",
    "ties",
    "size",
    "prizes",
    "top",
    "test",
    "wager",
    "expect",
    "rank",
    "prize",
    "no",
    "{",
    "}",
    "(",
    ")",
    ",",
    ":",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "..",
    "..=",
    "%",
    "+",
    "-",
    "*",
    "/",
    "x2",
    "x0",
    "x1.5",
    "\"weekend-slots\"",
    "\"slots-race\"",
    "\"operator-123\"",
    "\"Europe/Malta\"",
    "\"slots\"",
    "\"p1\"",
    "\"w1\"",
    "\"\\u{110000}\"",
    "\"\\u{1F3B0}\"",
    "\"€1,000\"",
    "\"",
    "10",
    "0",
    "-3",
    "0.5",
    "100",
    "99999999999999999999999999999",
    "10 EUR",
    "5 USD",
    "7 EUX",
    "EUR",
    "USD",
    "2024-11-15T00:00:00Z",
    "2024-11-18T00:00",
    "2024-03-31T02:30",
    "2024-02-30T00:00:00Z",
    "2024-11-15T00:00:00+25:00",
    "10s",
    "0s",
    "1h",
    "1d",
    "99999999999999w",
    "game.category",
    "game.id",
    "wager.amount",
    "wager.currency",
    "win.amount",
    "win.net",
    "win.multiplier",
    "wager.time",
    "player.segment",
    "game.catgory",
    "sum",
    "max",
    "count",
    "first_to_reach",
    "most_wagers",
    "amount",
    "player",
    "at",
    "//",
    "/*",
    "*/",
    "é",
    "€",
    "🎰",
];

fn token_soup() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![" ", " ", " ", "\n", "\n  ", "", "\t"]);
    prop::collection::vec((prop::sample::select(TOKENS.to_vec()), sep), 0..80).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(t, s)| [t, s])
            .collect::<String>()
    })
}

/// A token soup inside a well-formed tournament header, so the body rules get exercised.
fn body_soup() -> impl Strategy<Value = String> {
    token_soup().prop_map(|body| {
        format!(
            "tournament \"soup\" {{\n  operator \"operator-123\"\n  \
             runs 2024-11-15T00:00:00Z .. 2024-11-18T00:00:00Z\n{body}\n}}\n"
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_text(&text)?;
    }

    #[test]
    fn printable_text_never_panics(text in "[ -~\n\t€é🎰]{0,400}") {
        check_text(&text)?;
    }

    #[test]
    fn mutated_valid_fixtures_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let fixtures = valid_fixtures();
        let mut bytes = which.get(&fixtures).clone().into_bytes();
        for e in &edits {
            apply(&mut bytes, e);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check_text(&text)?;
    }

    #[test]
    fn token_soups_never_panic(text in token_soup()) {
        check_text(&text)?;
    }

    #[test]
    fn tournament_bodies_of_token_soup_never_panic(text in body_soup()) {
        check_text(&text)?;
    }
}

/// Inputs that once went wrong or sit on an edge: kept as plain tests so they always run.
#[test]
fn edge_cases() {
    let cases = [
        "",
        "\n",
        "tournament",
        "tournament \"",
        "tournament \"x\" {",
        "tournament \"x\" { runs 2024",
        "tournament \"x\" { title \"é",
        "template \"a\" from \"a\" {}\ntournament \"x\" from \"a\" {}",
        "tournament \"x\" { eligible when { any { } all { } } }",
        "tournament \"x\" { score { points = ((((wager.amount",
        "tournament \"x\" { leaderboard { prizes { 0..0: 1 EUR\n 4294967296: \"x\" } } }",
        "🎰",
        "tournament \"🎰\" { operator \"é\" }",
        "/* unterminated",
    ];
    for text in cases {
        if let Err(e) = check_text(text) {
            panic!("{text:?}: {e}");
        }
    }
}
