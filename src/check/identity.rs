//! Identity: tournament id, operator, title, description, metadata.

use super::{report, unreadable_item, At};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceId};
use crate::syntax::ast::{Block, Item};
use crate::syntax::{Span, Spanned};
use std::collections::BTreeMap;

pub(crate) struct Identity {
    pub id: String,
    pub title: String,
    pub operator: String,
    pub description: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

/// Ids become parts of Kafka topic names, so they keep to the characters Kafka allows.
/// Operator ids become one dot-separated part of a topic name, so they cannot hold a
/// dot themselves: `tournament.eligible.a.b.c` must name one operator and one tournament.
pub fn valid_operator(s: &str) -> bool {
    valid_id(s) && !s.contains('.')
}

pub fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn check_id(what: &str, id: &Spanned<String>, file: SourceId, diags: &mut Diagnostics) -> bool {
    let operator = what.starts_with("operator");
    let ok = if operator {
        valid_operator(&id.value)
    } else {
        valid_id(&id.value)
    };
    if ok {
        return true;
    }
    let chars = if operator {
        "`A-Z a-z 0-9 _ -` (no `.`)"
    } else {
        "`A-Z a-z 0-9 . _ -`"
    };
    let d = Diagnostic::error(
        Code::InvalidId,
        format!(
            "{what} `{}` cannot be used in topic and stream names",
            id.value.escape_debug()
        ),
    )
    .with_label(id.span, "invalid id")
    .with_help(format!("use 1 to 100 characters from {chars}"));
    report(diags, file, d);
    false
}

pub(crate) fn identity(
    block: At<'_, Block>,
    items: &[At<'_, Item>],
    diags: &mut Diagnostics,
) -> Option<Identity> {
    let mut ok = check_id("tournament id", &block.node.name, block.file, diags);
    let mut operator = None;
    let mut title = None;
    let mut description = None;
    let mut metadata = BTreeMap::new();
    for item in items {
        match item.node {
            Item::Operator(op) => {
                ok &= check_id("operator id", op, item.file, diags);
                operator = Some(op.value.clone());
            }
            Item::Title(t) => title = Some(t.value.clone()),
            Item::Description(d) => description = Some(d.value.clone()),
            Item::Metadata(m) => {
                for e in &m.entries {
                    metadata.insert(e.key.value.clone(), e.value.value.clone());
                }
            }
            _ => {}
        }
    }
    let header = Span::new(block.node.span.start, block.node.name.span.end);
    if operator.is_none() && !unreadable_item(items, "operator") {
        let d = Diagnostic::error(
            Code::MissingOperator,
            format!("tournament `{}` has no operator", block.node.name.value),
        )
        .with_label(header, "every tournament belongs to one operator")
        .with_help("add `operator \"<operator-id>\"` inside the block");
        report(diags, block.file, d);
    }
    if title.is_none() && !unreadable_item(items, "title") {
        let d = Diagnostic::new(
            Code::MissingTitle,
            format!("tournament `{}` has no title", block.node.name.value),
        )
        .with_label(header, "players will see the id instead")
        .with_help("add `title \"...\"`");
        report(diags, block.file, d);
    }
    let id = block.node.name.value.clone();
    Some(Identity {
        title: title.unwrap_or_else(|| id.clone()),
        id,
        operator: operator?,
        description,
        metadata,
    })
    .filter(|_| ok)
}
