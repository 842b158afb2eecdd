#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The docs cannot drift from the language: every example and every ```tourney block
//! of the book must check without errors, and be formatted canonically.

use std::path::{Path, PathBuf};
use tourney::check::{check_project, Project};
use tourney::diagnostics::render_short;

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Checks `text` and returns the errors, rendered.
fn errors(name: &str, text: &str) -> Option<String> {
    let mut project = Project::new();
    project.add_file(name, text);
    let checked = check_project(&project);
    let errs: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    (!errs.is_empty()).then(|| render_short(&errs, &project.sources))
}

#[test]
fn every_example_checks() {
    let files = files_under(Path::new("examples/tournaments"), "tourney");
    assert!(
        files.len() >= 10,
        "at least ten examples, found {}",
        files.len()
    );
    let mut failures = String::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        if let Some(e) = errors(&f.display().to_string(), &text) {
            failures.push_str(&e);
        }
    }
    assert!(failures.is_empty(), "examples with errors:\n{failures}");
}

#[test]
fn every_template_checks_when_used() {
    for (name, _) in tourney::check::BUILTIN_TEMPLATES {
        let text = tourney::cli::new::scaffold(name, "t-1", "operator-1");
        assert_eq!(errors("new.tourney", &text), None, "template {name}");
    }
}

/// ```tourney blocks of a markdown file, with the line they start on.
fn tourney_blocks(md: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in md.lines().enumerate() {
        let fence = line.trim_start();
        match &mut current {
            None if fence.starts_with("```tourney") => current = Some((i + 1, String::new())),
            Some(_) if fence.starts_with("```") => out.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn every_book_block_checks() {
    let pages = files_under(Path::new("book/src"), "md");
    assert!(!pages.is_empty(), "the book has pages");
    let mut failures = String::new();
    let mut count = 0;
    for page in &pages {
        let md = std::fs::read_to_string(page).expect("readable");
        for (line, block) in tourney_blocks(&md) {
            count += 1;
            if let Some(e) = errors(&format!("{}:{line}", page.display()), &block) {
                failures.push_str(&e);
            }
        }
    }
    assert!(
        count >= 10,
        "the book shows the language in at least ten blocks, found {count}"
    );
    assert!(failures.is_empty(), "book blocks with errors:\n{failures}");
}

#[test]
fn every_book_page_is_in_the_summary() {
    let summary = std::fs::read_to_string("book/src/SUMMARY.md").expect("SUMMARY.md");
    for page in files_under(Path::new("book/src"), "md") {
        let rel = page
            .strip_prefix("book/src")
            .expect("under src")
            .display()
            .to_string();
        if rel == "SUMMARY.md" {
            continue;
        }
        assert!(
            summary.contains(&format!("({rel})")),
            "{rel} is not linked from SUMMARY.md"
        );
    }
}

#[test]
fn examples_are_formatted() {
    for f in files_under(Path::new("examples/tournaments"), "tourney") {
        let text = std::fs::read_to_string(&f).expect("readable");
        let formatted = tourney::fmt::format_source(&text).expect("formats");
        assert_eq!(
            formatted,
            text,
            "{} is not formatted; run `tourney fmt {}`",
            f.display(),
            f.display()
        );
    }
}
