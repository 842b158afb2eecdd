#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The portal's form over every example and built-in template: an unchanged form
//! writes the file back byte for byte, random edits of the editable fields read back
//! as written, keep what the form cannot show, and pass the checker.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use tourney::check::{check_project, Project};
use tourney::portal::form::model::{Cap, Money, Multiplier, Prize, PrizeValue};
use tourney::portal::form::{read, write, Field, Form};
use tourney::syntax::comments::comments;

fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["examples/tournaments", "templates/tournaments"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "tourney"))
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            out.push((p, text));
        }
    }
    assert!(out.len() >= 20, "examples and templates not found");
    out
}

fn errors(source: &str) -> Vec<String> {
    let mut project = Project::new();
    project.add_file("edited.tourney", source);
    check_project(&project)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{:?}: {}", d.code, d.message))
        .collect()
}

#[test]
fn every_example_and_template_writes_back_byte_for_byte() {
    for (path, source) in sources() {
        let r = read(&source);
        assert!(
            r.problems.is_empty(),
            "{}: {:?}",
            path.display(),
            r.problems
        );
        assert_eq!(
            write(&source, &r.form).unwrap(),
            source,
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_test_and_comment_is_listed_as_kept() {
    for (path, source) in sources() {
        let r = read(&source);
        let tests = source.matches("\n  test \"").count();
        let first_block_tests = r
            .kept
            .iter()
            .filter(|k| k.what.starts_with("the test "))
            .count();
        assert!(first_block_tests <= tests, "{}", path.display());
        let kept_comments = r.kept.iter().filter(|k| k.what == "a comment").count();
        assert_eq!(kept_comments, comments(&source).len(), "{}", path.display());
    }
}

/// One edit of one form field, with values the checker accepts.
#[derive(Debug, Clone)]
enum Change {
    Title(String),
    Description(Option<String>),
    GameIds(Vec<String>),
    Categories(Vec<String>),
    MinBet(Option<String>),
    MaxBet(Option<String>),
    Segments(Vec<String>),
    Allowed(Vec<String>),
    Excluded(Vec<String>, bool),
    Prewarm(Option<String>),
    Runs(u32, u32, bool),
    Points(String),
    Multipliers(Vec<usize>),
    Caps(Option<String>),
    Update(Option<String>),
    Ties(Vec<usize>),
    Size(Option<String>),
    Prizes(usize),
}

const TIES: [&str; 3] = ["first_to_reach", "earliest_entry", "most_wagers"];
const MULTIPLIERS: [(&str, &str); 2] = [
    ("2", "game.category = \"slots\""),
    ("1.5", "player.segment = \"VIP\""),
];

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 \"\\\\{}€-]{1,20}"
}

fn names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set("[a-z][a-z0-9-]{0,8}", 0..4).prop_map(|s| s.into_iter().collect())
}

/// Distinct codes from `pool`, in a random order of the pool.
fn codes(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(pool.to_vec(), 0..pool.len())
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

fn change() -> impl Strategy<Value = Change> {
    let amount = |lo: u32, hi: u32| (lo..hi).prop_map(|c| format!("{}.{:02}", c / 100, c % 100));
    prop_oneof![
        text().prop_map(Change::Title),
        prop::option::of(text()).prop_map(Change::Description),
        names().prop_map(Change::GameIds),
        codes(&["slots", "table", "live-casino"]).prop_map(Change::Categories),
        prop::option::of(amount(1, 99)).prop_map(Change::MinBet),
        prop::option::of(amount(100_000, 900_000)).prop_map(Change::MaxBet),
        codes(&["VIP", "Gold", "Silver"]).prop_map(Change::Segments),
        codes(&["SE", "FI", "MT"]).prop_map(Change::Allowed),
        (codes(&["GB", "US", "FR"]), any::<bool>())
            .prop_map(|(c, m)| Change::Excluded(c.clone(), m && !c.is_empty())),
        prop::option::of(prop::sample::select(vec!["30m", "1h", "90s"]).prop_map(String::from))
            .prop_map(Change::Prewarm),
        (1u32..10, 8u32..20, any::<bool>()).prop_map(|(d, n, i)| Change::Runs(d, n, i)),
        prop::sample::select(vec![
            "wager.amount",
            "wager.amount * 10",
            "(wager.amount * 3) / 2"
        ])
        .prop_map(|p| Change::Points(p.to_string())),
        prop::collection::vec(0usize..2, 0..3).prop_map(Change::Multipliers),
        prop::option::of(prop::sample::select(vec!["1h", "6h"]).prop_map(String::from))
            .prop_map(Change::Caps),
        prop::option::of(
            prop::sample::select(vec!["realtime", "10s", "1m"]).prop_map(String::from)
        )
        .prop_map(Change::Update),
        prop::sample::subsequence(vec![0usize, 1, 2], 0..3).prop_map(Change::Ties),
        prop::option::of(prop::sample::select(vec!["20", "50"]).prop_map(String::from))
            .prop_map(Change::Size),
        (0usize..4).prop_map(Change::Prizes),
    ]
}

fn eur(amount: &str) -> Money {
    Money {
        amount: amount.into(),
        currency: "EUR".into(),
    }
}

/// The field `change` edits, and the edit applied to `form`.
fn apply(form: &mut Form, change: Change) -> Field {
    let e = &mut form.eligibility;
    match change {
        Change::Title(t) => {
            form.title = Some(t);
            Field::Title
        }
        Change::Description(d) => {
            form.description = d;
            Field::Description
        }
        Change::GameIds(v) => {
            e.game_ids = v;
            Field::GameIds
        }
        Change::Categories(v) => {
            e.categories = v;
            Field::Categories
        }
        Change::MinBet(a) => {
            e.min_bet = a.as_deref().map(eur);
            Field::MinBet
        }
        Change::MaxBet(a) => {
            e.max_bet = a.as_deref().map(eur);
            Field::MaxBet
        }
        Change::Segments(v) => {
            e.segments = v;
            Field::Segments
        }
        Change::Allowed(v) => {
            e.jurisdictions.allowed = v;
            Field::JurisdictionsAllowed
        }
        Change::Excluded(v, missing) => {
            e.jurisdictions.excluded = v;
            e.jurisdictions.admit_missing = missing;
            Field::JurisdictionsExcluded
        }
        Change::Prewarm(p) => {
            form.schedule.prewarm = p;
            Field::Prewarm
        }
        Change::Runs(day, days, inclusive) => {
            let s = &mut form.schedule;
            s.start = Some(format!("2025-03-{day:02}T00:00:00Z"));
            s.end = Some(format!("2025-03-{:02}T12:00", day + days));
            s.end_inclusive = inclusive;
            if s.timezone.is_none() {
                s.end = Some(format!("2025-03-{:02}T12:00:00+01:00", day + days));
            }
            Field::Runs
        }
        Change::Points(p) => {
            form.scoring.points = Some(p);
            Field::Points
        }
        Change::Multipliers(m) => {
            form.scoring.multipliers = m
                .iter()
                .map(|&i| Multiplier {
                    factor: MULTIPLIERS[i].0.into(),
                    when: MULTIPLIERS[i].1.into(),
                })
                .collect();
            Field::Multipliers
        }
        Change::Caps(per) => {
            form.scoring.caps = per
                .into_iter()
                .map(|per| Cap {
                    points: "500".into(),
                    per,
                })
                .collect();
            Field::Caps
        }
        Change::Update(u) => {
            form.leaderboard.update = u;
            Field::Update
        }
        Change::Ties(t) => {
            form.leaderboard.ties = t.iter().map(|&i| TIES[i].to_string()).collect();
            Field::Ties
        }
        Change::Size(s) => {
            form.leaderboard.size = s;
            Field::Size
        }
        Change::Prizes(n) => {
            let all = [
                Prize {
                    places: "1".into(),
                    prize: PrizeValue::Money(eur("250.00")),
                },
                Prize {
                    places: "2..3".into(),
                    prize: PrizeValue::Text("€50 \"bonus\"".into()),
                },
                Prize {
                    places: "4".into(),
                    prize: PrizeValue::Text("10 free spins".into()),
                },
            ];
            form.leaderboard.prizes = all.into_iter().take(n).collect();
            Field::Prizes
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_read_back_keep_the_rest_and_check(
        pick in 0usize..64,
        changes in prop::collection::vec(change(), 1..6),
    ) {
        let all = sources();
        let (path, source) = &all[pick % all.len()];
        let original = read(source);
        let mut form = original.form.clone();
        for change in changes {
            let mut edited = form.clone();
            let field = apply(&mut edited, change);
            // A `score` block written into a file that takes its scoring from a template
            // replaces the template's whole block: only edit scoring the file writes.
            let scoring = matches!(field, Field::Points | Field::Multipliers | Field::Caps);
            let from_template = scoring && original.form.scoring.points.is_none();
            if !original.read_only.contains(&field) && !from_template {
                form = edited;
            }
        }
        let out = write(source, &form).map_err(|e| TestCaseError::fail(format!("{}: {e}", path.display())))?;
        let back = read(&out);
        prop_assert_eq!(&back.form, &form, "{}:\n{}", path.display(), out);
        prop_assert!(back.problems.is_empty());
        for kept in original.kept.iter().filter(|k| k.what != "a comment" || !k.fields.is_empty()) {
            let text = &source[kept.start..kept.end];
            prop_assert!(out.contains(text), "{}: lost {}", path.display(), kept.what);
        }
        for c in comments(source) {
            prop_assert!(out.contains(&c.text), "{}: lost the comment {}", path.display(), c.text);
        }
        if errors(source).is_empty() {
            // Removing every bet bound can let wagers of several currencies count: the
            // checker then says so (T0306), which is the portal's answer to that edit.
            let unbounded = form.eligibility.min_bet.is_none() && form.eligibility.max_bet.is_none();
            let errs: Vec<String> = errors(&out)
                .into_iter()
                .filter(|e| !(unbounded && e.starts_with("MixedCurrencies")))
                .collect();
            prop_assert!(errs.is_empty(), "{}: {:?}\n{}", path.display(), errs, out);
        }
    }
}
