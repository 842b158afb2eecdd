//! Which tournaments a wager can count for, without evaluating every tournament's
//! rules: an index by operator, then by game category or game id. A pool member that
//! reads `wager.events` itself (`--source raw`) asks it once per wager and hands the
//! wager only to the tournaments it names, so the cost of a wager grows with the
//! tournaments that could count it, not with all the tournaments of the pool.
//!
//! The index never leaves out a tournament whose rules hold: a tournament is filed
//! under the values of a top-level `game.category = "x"` or `game.category in (...)`
//! condition (else of such a condition on `game.id`), since its rules all hold only if
//! that one does; a tournament with neither is named for every wager of its operator.
//! Text compares exactly, as the rules do ([`super::eval`]). The engine still
//! evaluates every rule of the tournaments named.

use crate::ir::{Field, Literal, Pred, RuleKind, Tournament, WagerEvent};
use crate::syntax::ast::CmpOp;
use std::collections::HashMap;

/// Tournaments by operator, then by category or game; entries are the caller's indices.
#[derive(Debug, Default)]
pub struct Router {
    by_operator: HashMap<String, Bucket>,
}

#[derive(Debug, Default)]
struct Bucket {
    any: Vec<usize>,
    by_category: HashMap<String, Vec<usize>>,
    by_game: HashMap<String, Vec<usize>>,
}

impl Router {
    /// Files each `(index, tournament)`.
    pub fn new<'a>(tournaments: impl IntoIterator<Item = (usize, &'a Tournament)>) -> Router {
        let mut r = Router::default();
        for (i, t) in tournaments {
            let bucket = r.by_operator.entry(t.operator.clone()).or_default();
            if let Some(values) = required(t, Field::GameCategory) {
                for v in values {
                    bucket.by_category.entry(v).or_default().push(i);
                }
            } else if let Some(values) = required(t, Field::GameId) {
                for v in values {
                    bucket.by_game.entry(v).or_default().push(i);
                }
            } else {
                bucket.any.push(i);
            }
        }
        r
    }

    /// Appends to `out` the tournaments `ev` may count for, each once.
    pub fn candidates(&self, ev: &WagerEvent, out: &mut Vec<usize>) {
        let Some(bucket) = ev
            .operator_id
            .as_deref()
            .and_then(|o| self.by_operator.get(o))
        else {
            return;
        };
        out.extend_from_slice(&bucket.any);
        out.extend_from_slice(filed(&bucket.by_category, ev.game_category.as_deref()));
        out.extend_from_slice(filed(&bucket.by_game, ev.game_id.as_deref()));
    }
}

/// The tournaments filed under `key`.
fn filed<'a>(map: &'a HashMap<String, Vec<usize>>, key: Option<&str>) -> &'a [usize] {
    key.and_then(|k| map.get(k)).map_or(&[], Vec::as_slice)
}

/// The values one of `t`'s written rules requires `field` to have, when a top-level
/// conjunct of one rule is `field = "v"` or `field in ("v", ...)`.
fn required(t: &Tournament, field: Field) -> Option<Vec<String>> {
    t.eligibility
        .rules
        .iter()
        .filter(|r| r.kind != RuleKind::Operator)
        .find_map(|r| conjunct_values(&r.pred, field))
}

fn conjunct_values(p: &Pred, field: Field) -> Option<Vec<String>> {
    match p {
        Pred::And { all } => all.iter().find_map(|q| conjunct_values(q, field)),
        Pred::Cmp {
            field: f,
            cmp: CmpOp::Eq,
            value: Literal::Text(v),
        } if *f == field => Some(vec![v.clone()]),
        Pred::In { field: f, values } if *f == field => Some(
            values
                .iter()
                .filter_map(|v| match v {
                    Literal::Text(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
}
