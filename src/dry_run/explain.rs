//! `--explain WAGER_ID`: every eligibility rule evaluated for one wager, with where it
//! was written, the event values it read, and what came of the wager.

use crate::engine::eval::eval;
use crate::engine::Outcome;
use crate::ir::{Field, Pred, Tournament, WagerEvent};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RuleTrace {
    pub rule: String,
    /// `file:line:column`, for rules written in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub passed: bool,
    /// The event values the rule read (`missing` when absent).
    pub values: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub wager: String,
    pub line: usize,
    pub rules: Vec<RuleTrace>,
    pub outcome: String,
}

pub fn explain_event(
    t: &Tournament,
    ev: &WagerEvent,
    outcome: &Outcome,
    line: usize,
) -> Explanation {
    let rules = t
        .eligibility
        .rules
        .iter()
        .map(|r| {
            let mut fields = Vec::new();
            fields_of(&r.pred, &mut fields);
            RuleTrace {
                rule: if r.source.is_empty() {
                    format!("{:?}", r.kind).to_lowercase()
                } else {
                    r.source.clone()
                },
                at: r
                    .span
                    .as_ref()
                    .map(|s| format!("{}:{}:{}", s.file, s.line, s.column)),
                passed: eval(&r.pred, ev),
                values: fields
                    .into_iter()
                    .map(|f| (f.name().to_string(), value(f, ev)))
                    .collect(),
            }
        })
        .collect();
    let outcome = match outcome {
        Outcome::Counted { points } => format!("counted: {points} points before caps"),
        Outcome::Duplicate => {
            "not counted: a duplicate of an earlier wager with the same id".into()
        }
        Outcome::Late => "not counted: arrived later than the allowed lateness".into(),
        Outcome::Unscorable(u) => format!("not counted: {u}"),
        Outcome::Ineligible { rule } => {
            let src = t
                .eligibility
                .rules
                .get(*rule)
                .map_or(String::new(), |r| r.source.clone());
            format!("not counted: fails `{src}`")
        }
    };
    Explanation {
        wager: ev.wager_id.clone().unwrap_or_default(),
        line,
        rules,
        outcome,
    }
}

fn fields_of(p: &Pred, out: &mut Vec<Field>) {
    let mut push = |f: Field| {
        if !out.contains(&f) {
            out.push(f);
        }
    };
    match p {
        Pred::True | Pred::False => {}
        Pred::And { all } => all.iter().for_each(|q| fields_of(q, out)),
        Pred::Or { any } => any.iter().for_each(|q| fields_of(q, out)),
        Pred::Cmp { field, .. }
        | Pred::In { field, .. }
        | Pred::NotIn { field, .. }
        | Pred::Present { field }
        | Pred::Missing { field } => push(*field),
        Pred::Net { .. } | Pred::Ratio { .. } => {
            push(Field::WinAmount);
            push(Field::WagerAmount);
        }
    }
}

fn value(f: Field, ev: &WagerEvent) -> String {
    let text = |o: &Option<String>| {
        o.as_ref()
            .map_or_else(|| "missing".to_string(), |s| format!("{s:?}"))
    };
    match f {
        Field::WagerId => text(&ev.wager_id),
        Field::PlayerId => text(&ev.player_id),
        Field::OperatorId => text(&ev.operator_id),
        Field::GameId => text(&ev.game_id),
        Field::GameCategory => text(&ev.game_category),
        Field::Currency => text(&ev.currency),
        Field::PlayerSegment => text(&ev.player_segment),
        Field::Jurisdiction => text(&ev.jurisdiction),
        Field::PlayerName => text(&ev.player_name),
        Field::SourceId => text(&ev.source_id),
        Field::SourceSeq => text(&ev.source_seq),
        Field::WagerAmount | Field::WinNet | Field::WinMultiplier => ev
            .wager_amount
            .map_or_else(|| "missing".into(), |d| d.to_string()),
        Field::WinAmount => ev
            .win_amount
            .map_or_else(|| "missing".into(), |d| d.to_string()),
        Field::Time => ev
            .timestamp_ms
            .map_or_else(|| "missing".into(), crate::check::rfc3339),
    }
}
