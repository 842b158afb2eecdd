#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Golden dry-runs: each directory under `tests/golden/` holds a tournament (its header
//! comment explains the expected board), a short NDJSON event file and the expected
//! summary and board, written by hand. The real dry-run must reproduce them exactly.

use std::fmt::Write as _;
use std::path::Path;
use tourney::check::{check_project, Project};
use tourney::dry_run::{replay, DryRunOptions, Report};
use tourney::ir::Prize;

fn render(r: &Report) -> String {
    let s = &r.summary;
    let ineligible: u64 = s.ineligible.iter().map(|c| c.count).sum();
    let mut out = format!(
        "events {} counted {} duplicates {} late {} unscorable {} ineligible {} malformed {}\n",
        s.events, s.counted, s.duplicates, s.late, s.unscorable, ineligible, s.malformed
    );
    for st in &r.board {
        write!(
            out,
            "{} {} score {} wagers {}",
            st.place, st.player_id, st.score, st.wagers
        )
        .unwrap();
        match &st.prize {
            Some(Prize::Text { text }) => write!(out, " prize {text}").unwrap(),
            Some(Prize::Money { amount, currency }) => {
                write!(out, " prize {amount} {currency}").unwrap()
            }
            None => {}
        }
        out.push('\n');
    }
    out
}

fn run_case(dir: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(dir.join("tournament.tourney")).unwrap();
    let mut project = Project::new();
    project.add_file("tournament.tourney", source);
    let checked = check_project(&project);
    if checked.has_errors() {
        return Err(format!("does not compile: {:?}", checked.diagnostics));
    }
    let t = checked.tournaments().next().unwrap();
    let events = std::fs::read_to_string(dir.join("events.ndjson")).unwrap();
    let lines = events.lines().map(|l| Ok::<_, ()>(l.to_string()));
    let report = replay(t, lines, &DryRunOptions::default()).unwrap();
    let actual = render(&report);
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    if actual == expected {
        return Ok(());
    }
    let mut diff = String::new();
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => writeln!(diff, "  {x}").unwrap(),
            (x, y) => {
                if let Some(x) = x {
                    writeln!(diff, "- {x}").unwrap();
                }
                if let Some(y) = y {
                    writeln!(diff, "+ {y}").unwrap();
                }
            }
        }
    }
    Err(format!("board differs (- expected, + actual):\n{diff}"))
}

#[test]
fn golden_dry_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 18, "golden cases missing: {}", dirs.len());
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| {
            run_case(d)
                .err()
                .map(|e| format!("{}: {e}", d.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
