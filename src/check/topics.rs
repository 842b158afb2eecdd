//! Topic names that Kafka cannot hold side by side (T0702).
//!
//! Kafka refuses a topic whose name differs from an existing one only by `.` versus
//! `_`. Every tournament writes topics named after its operator and id, so two
//! tournaments among the checked files can ask for two such names: `weekend.slots`
//! beside `weekend_slots`, or operator `a_b` with id `c` beside operator `a` with id
//! `b_c`. Both validate on their own, and the second create fails at deploy.

use super::report;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceId};
use crate::emit::names::{topic_collision_key, Names};
use crate::ir::Tournament;
use crate::syntax::Span;
use std::collections::{BTreeMap, BTreeSet};

/// Where a checked tournament's id is written.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    pub file: SourceId,
    pub span: Span,
    pub tournament: &'a Tournament,
}

/// Reports each pair of tournaments whose topics collide, once, at the later one.
pub fn topic_collisions(owners: &[Owner<'_>], diags: &mut Diagnostics) {
    // Collision key → (topic name, index of the first owner).
    let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut reported: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, owner) in owners.iter().enumerate() {
        let t = owner.tournament;
        let Ok(names) = Names::new(&t.operator, &t.id) else {
            continue;
        };
        for topic in names.topics() {
            let key = topic_collision_key(topic);
            match seen.get(&key) {
                Some((first_topic, j)) if first_topic != topic => {
                    if reported.insert((*j, i)) {
                        let first = owners.get(*j).copied();
                        report_collision(owner, topic, first, first_topic, diags);
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (topic.to_owned(), i));
                }
            }
        }
    }
}

fn report_collision(
    owner: &Owner<'_>,
    topic: &str,
    first: Option<Owner<'_>>,
    first_topic: &str,
    diags: &mut Diagnostics,
) {
    let t = owner.tournament;
    let mut d = Diagnostic::error(
        Code::TopicCollision,
        format!(
            "topic `{topic}` of tournament `{}` (operator `{}`) collides with topic `{first_topic}`",
            t.id, t.operator
        ),
    )
    .with_label(owner.span, format!("writes `{topic}`"))
    .with_help(
        "Kafka treats `.` and `_` in topic names as the same character and refuses the \
         second topic: rename one tournament (or operator) so the names differ otherwise",
    );
    if let Some(first) = first {
        let other = first.tournament;
        let label = format!(
            "writes `{first_topic}` (tournament `{}`, operator `{}`)",
            other.id, other.operator
        );
        d = if first.file == owner.file {
            d.with_label(first.span, label)
        } else {
            d.with_label_in(first.file, first.span, label)
        };
    }
    report(diags, owner.file, d);
}
