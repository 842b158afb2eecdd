//! The formatter: idempotence, meaning and comments preserved, refusal of broken files,
//! on fixtures, on fixtures with comments and whitespace inserted everywhere, and on
//! randomly generated files.

#[path = "fmt/generate.rs"]
mod generate;
#[path = "fmt/support.rs"]
mod support;

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use support::{check_formatting, comment_texts};
use tourney::fmt::{format_source, is_formatted};

fn fixtures(dir: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fmt")
        .join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "tourney"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (path, text)
        })
        .collect()
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fmt")
        .join(name);
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn fixtures_format_idempotently_keeping_meaning_and_comments() {
    for (path, source) in fixtures("") {
        eprintln!("{}", path.display());
        check_formatting(&source);
    }
}

#[test]
fn a_canonical_file_is_left_as_it_is() {
    let source = fixture("formatted.tourney");
    assert_eq!(is_formatted(&source).ok(), Some(true));
    assert_eq!(
        format_source(&source).ok().as_deref(),
        Some(source.as_str())
    );
}

#[test]
fn formatted_fixtures_are_formatted() {
    for (_, source) in fixtures("") {
        let formatted = check_formatting(&source);
        assert_eq!(is_formatted(&formatted).ok(), Some(true));
    }
}

#[test]
fn files_with_syntax_errors_are_refused() {
    for (path, source) in fixtures("bad") {
        let before = source.clone();
        let result = format_source(&source);
        assert!(result.is_err(), "{} was formatted", path.display());
        let Err(err) = result else { continue };
        assert!(!err.diagnostics.is_empty(), "{}", path.display());
        assert!(err.to_string().contains("syntax errors"));
        assert!(is_formatted(&source).is_err());
        assert_eq!(source, before);
    }
}

#[test]
fn the_fully_featured_fixture_formats_as_reviewed() {
    insta::assert_snapshot!("full", check_formatting(&fixture("full.tourney")));
}

/// The places between tokens of `source` (outside strings and comments).
fn gaps(source: &str) -> Vec<usize> {
    let mut gaps = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let comments = tourney::syntax::comments::comments(source);
    for (i, c) in source.char_indices() {
        if comments
            .iter()
            .any(|k| k.span.start <= i && i <= k.span.end)
        {
            continue;
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            c if c.is_whitespace() && !in_string => gaps.push(i),
            _ => {}
        }
    }
    gaps
}

/// `source` with a comment made by `comment(n)` inserted at every gap.
fn with_comments_everywhere(source: &str, comment: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (n, at) in gaps(source).into_iter().enumerate() {
        out.push_str(&source[last..at]);
        out.push_str(&comment(n));
        last = at;
    }
    out.push_str(&source[last..]);
    out
}

#[test]
fn comments_between_any_two_tokens_are_kept() {
    let canonical = check_formatting(&fixture("full.tourney"));
    let styles: [fn(usize) -> String; 4] = [
        |n| format!(" /* b{n} */ "),
        |n| format!(" // l{n}\n"),
        |n| {
            if n % 2 == 0 {
                format!(" // l{n}\n")
            } else {
                format!(" /* b{n} */")
            }
        },
        |n| {
            if n % 3 == 0 {
                format!("\n/* m{n}\n   two lines */\n")
            } else {
                " ".to_string()
            }
        },
    ];
    for style in styles {
        let source = with_comments_everywhere(&canonical, style);
        let formatted = check_formatting(&source);
        assert_eq!(
            comment_texts(&formatted).len(),
            comment_texts(&source).len()
        );
    }
}

#[test]
fn whitespace_between_tokens_does_not_matter() {
    let canonical = check_formatting(&fixture("conditions.tourney"));
    let spread = with_comments_everywhere(&canonical, |n| {
        ["\n\t", "  ", "\r\n", " \n \n "][n % 4].to_string()
    });
    let without_blank_lines = |text: &str| text.replace("\n\n", "\n");
    assert_eq!(
        without_blank_lines(&check_formatting(&spread)),
        without_blank_lines(&canonical)
    );
    let squeezed = canonical.split('\n').collect::<Vec<_>>().join(" ");
    assert_eq!(check_formatting(&squeezed), without_blank_lines(&canonical));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_files_format_idempotently_keeping_meaning_and_comments(source in generate::file()) {
        check_formatting(&source);
    }
}
