//! Each test replays its wagers, in order, through a fresh engine and compares what
//! came of them with the expectations.

use crate::engine::{Engine, EngineOptions, Outcome, Points};
use crate::ir::{Expectation, Prize, TestCase, Tournament};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub expectation: String,
    pub actual: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestResult {
    pub tournament: String,
    pub name: String,
    pub line: usize,
    pub failures: Vec<Failure>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TestReport {
    pub results: Vec<TestResult>,
}

impl TestReport {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// Runs every test of `t`.
pub fn run_tests(t: &Tournament) -> Vec<TestResult> {
    // Each engine keeps its own copy of the tournament; without the tests, so the copies
    // cost the same however many tests there are.
    let bare = Tournament {
        tests: Vec::new(),
        ..t.clone()
    };
    t.tests.iter().map(|tc| run_one(&bare, tc)).collect()
}

fn run_one(t: &Tournament, tc: &TestCase) -> TestResult {
    let mut engine = Engine::new(
        t,
        EngineOptions {
            allowed_lateness_ms: i64::MAX / 4,
            ..EngineOptions::default()
        },
    );
    let mut outcomes: HashMap<&str, Outcome> = HashMap::new();
    let mut changes = Vec::new();
    for w in &tc.wagers {
        let o = engine.process(w, &mut changes);
        outcomes.insert(w.wager_id.as_deref().unwrap_or(""), o);
    }
    engine.flush(&mut changes);
    let failures = tc
        .expect
        .iter()
        .filter_map(|e| check(t, &engine, &outcomes, e))
        .collect();
    TestResult {
        tournament: t.id.clone(),
        name: tc.name.clone(),
        line: tc.line,
        failures,
    }
}

fn describe(t: &Tournament, o: Option<&Outcome>) -> String {
    match o {
        None => "no such wager".into(),
        Some(Outcome::Counted { points }) => format!("counted for {points} points"),
        Some(Outcome::Duplicate) => "a duplicate".into(),
        Some(Outcome::Late) => "late".into(),
        Some(Outcome::Unscorable(u)) => format!("eligible but unscorable: {u}"),
        Some(Outcome::Ineligible { rule }) => {
            let src = t
                .eligibility
                .rules
                .get(*rule)
                .map_or("?", |r| r.source.as_str());
            format!("ineligible: fails `{src}`")
        }
    }
}

fn check(
    t: &Tournament,
    engine: &Engine,
    outcomes: &HashMap<&str, Outcome>,
    e: &Expectation,
) -> Option<Failure> {
    let fail = |actual: String| {
        Some(Failure {
            expectation: expectation_text(e),
            actual,
        })
    };
    match e {
        Expectation::Eligible { wager } => {
            let o = outcomes.get(wager.as_str());
            if matches!(o, Some(Outcome::Counted { .. })) {
                None
            } else {
                fail(describe(t, o))
            }
        }
        Expectation::Ineligible { wager } => {
            let o = outcomes.get(wager.as_str());
            if matches!(o, Some(Outcome::Ineligible { .. })) {
                None
            } else {
                fail(describe(t, o))
            }
        }
        Expectation::Score { player, score } => {
            let actual = engine.standings().find(player).map(|(_, p)| p.score);
            let want = Points::from_decimal(*score);
            if actual.is_some() && actual == want {
                None
            } else {
                fail(actual.map_or_else(|| "no score".into(), |s| format!("score {s}")))
            }
        }
        Expectation::Rank { player, rank } => {
            let actual = engine
                .standings()
                .find(player)
                .and_then(|(i, _)| engine.standings().place(i));
            if actual == Some(*rank as usize) {
                None
            } else {
                fail(actual.map_or_else(|| "not ranked".into(), |r| format!("rank {r}")))
            }
        }
        Expectation::Prize { player, prize } => {
            let actual = engine
                .result()
                .into_iter()
                .find(|s| s.player_id == *player)
                .and_then(|s| s.prize);
            if actual == *prize {
                None
            } else {
                fail(
                    actual
                        .as_ref()
                        .map_or_else(|| "no prize".into(), prize_text),
                )
            }
        }
    }
}

pub(crate) fn prize_text(p: &Prize) -> String {
    match p {
        Prize::Text { text } => format!("prize {text:?}"),
        Prize::Money { amount, currency } => format!("prize {amount} {currency}"),
    }
}

fn expectation_text(e: &Expectation) -> String {
    match e {
        Expectation::Eligible { wager } => format!("expect eligible {wager:?}"),
        Expectation::Ineligible { wager } => format!("expect ineligible {wager:?}"),
        Expectation::Score { player, score } => format!("expect score {player:?} = {score}"),
        Expectation::Rank { player, rank } => format!("expect rank {player:?} = {rank}"),
        Expectation::Prize {
            player,
            prize: None,
        } => format!("expect no prize {player:?}"),
        Expectation::Prize {
            player,
            prize: Some(p),
        } => format!("expect {} for {player:?}", prize_text(p)),
    }
}
