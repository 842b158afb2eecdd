//! The operator boundary: before any statement is sent, its target must belong to
//! one of the operators of the files. A deploy for operator A never issues a
//! statement touching a stream or query of operator B.

use crate::emit::names::SOURCE_STREAM;

/// A statement the guard refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refusing to send `{statement}`: its target `{target}` does not belong to {allowed}")]
pub struct GuardError {
    pub statement: String,
    pub target: String,
    pub allowed: String,
}

/// The target name of a statement this deployer emits: the stream of `CREATE` and
/// `DROP`, the query id of `TERMINATE`.
pub fn target(statement: &str) -> Option<String> {
    let words: Vec<String> = statement
        .split(|c: char| c.is_whitespace() || c == ';' || c == '(')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_ascii_uppercase)
        .collect();
    let skip = |from: usize, noise: &[&str]| {
        words
            .iter()
            .skip(from)
            .find(|w| !noise.contains(&w.as_str()))
            .cloned()
    };
    match words.first().map(String::as_str) {
        Some("CREATE") => skip(1, &["OR", "REPLACE", "STREAM", "IF", "NOT", "EXISTS"]),
        Some("DROP") => skip(1, &["STREAM", "IF", "EXISTS"]),
        Some("TERMINATE") => skip(1, &[]),
        _ => None,
    }
}

/// Checks that `statement` targets a stream (or the query of a stream) starting
/// with one of `prefixes`; the only exception is the idempotent declaration of the
/// shared source stream (`CREATE STREAM IF NOT EXISTS WAGER_EVENTS`).
pub fn check(statement: &str, prefixes: &[String]) -> Result<(), GuardError> {
    let target = target(statement).unwrap_or_default();
    let shared_source = target == SOURCE_STREAM
        && statement
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("CREATE STREAM IF NOT EXISTS ");
    // Persistent query ids are `CSAS_<SINK>_<n>`.
    let sink = target.strip_prefix("CSAS_").unwrap_or(&target);
    let owned = !target.is_empty() && prefixes.iter().any(|p| sink.starts_with(p.as_str()));
    if shared_source || owned {
        Ok(())
    } else {
        Err(GuardError {
            statement: statement.lines().next().unwrap_or_default().to_owned(),
            target,
            allowed: prefixes.join(" or "),
        })
    }
}

/// Checks `TERMINATE <id>` of a query read from the cluster. The ownership rule: a
/// query belongs to a tournament when it writes into the tournament's stream, whatever
/// its id (`INSERT INTO` queries are `INSERTQUERY_<n>`, without the operator's
/// prefix); so every sink must start with one of `prefixes`.
pub fn check_terminate(id: &str, sinks: &[String], prefixes: &[String]) -> Result<(), GuardError> {
    let owned = |s: &String| prefixes.iter().any(|p| s.starts_with(p.as_str()));
    if !sinks.is_empty() && sinks.iter().all(owned) {
        return Ok(());
    }
    Err(GuardError {
        statement: format!("TERMINATE {id};"),
        target: format!("{id} (writing {})", sinks.join(", ")),
        allowed: prefixes.join(" or "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        vec![s.to_owned()]
    }

    #[test]
    fn targets_are_read_from_the_statements_the_deployer_emits() {
        assert_eq!(
            target("CREATE OR REPLACE STREAM TOURNEY_A_X_1 WITH (...)").as_deref(),
            Some("TOURNEY_A_X_1")
        );
        assert_eq!(
            target("DROP STREAM IF EXISTS TOURNEY_A_X_1 DELETE TOPIC;").as_deref(),
            Some("TOURNEY_A_X_1")
        );
        assert_eq!(
            target("TERMINATE CSAS_TOURNEY_A_X_1_7;").as_deref(),
            Some("CSAS_TOURNEY_A_X_1_7")
        );
    }

    #[test]
    fn a_query_belongs_to_the_stream_it_writes() {
        let own = vec!["TOURNEY_A_X_1".to_owned()];
        assert!(check_terminate("INSERTQUERY_15", &own, &p("TOURNEY_A_")).is_ok());
        let other = vec!["TOURNEY_B_X_1".to_owned()];
        assert!(check_terminate("INSERTQUERY_15", &other, &p("TOURNEY_A_")).is_err());
        assert!(check_terminate("INSERTQUERY_15", &[], &p("TOURNEY_A_")).is_err());
    }

    #[test]
    fn another_operators_stream_is_refused() {
        assert!(check("DROP STREAM IF EXISTS TOURNEY_A_X_1;", &p("TOURNEY_A_")).is_ok());
        assert!(check("DROP STREAM IF EXISTS TOURNEY_B_X_1;", &p("TOURNEY_A_")).is_err());
        assert!(check("TERMINATE CSAS_TOURNEY_B_X_1_3;", &p("TOURNEY_A_")).is_err());
        assert!(check("TERMINATE ALL;", &p("TOURNEY_A_")).is_err());
        assert!(check("DROP STREAM WAGER_EVENTS;", &p("TOURNEY_A_")).is_err());
        assert!(check(
            "CREATE STREAM IF NOT EXISTS WAGER_EVENTS (",
            &p("TOURNEY_A_")
        )
        .is_ok());
    }
}
