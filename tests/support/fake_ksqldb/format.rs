//! How ksqlDB prints a statement again before it stores and reports it
//! (SqlFormatter, with the properties TopicCreateInjector and
//! SourcePropertyInjector add): `WITH` keys sorted, completed with
//! `CLEANUP_POLICY`, `PARTITIONS`, `REPLICAS` and `RETENTION_MS` for a new topic and
//! `KEY_FORMAT` for a declared stream; `FROM S S`; columns qualified; expressions
//! in parentheses; `EMIT CHANGES` and `CREATE OR REPLACE` kept; `DELETE TOPIC`
//! removed from a `DROP`.

use super::expr::{format as expr, ident};
use super::statement::{Item, Select, Stmt, Value, With};

/// Retention of a new topic, as ksqlDB's default (7 days).
pub const RETENTION_MS: &str = "604800000";

/// The completed properties of a `CREATE STREAM ... AS SELECT`: the topic defaults
/// to the stream name, partitions to the source topic's.
pub fn complete_csas(name: &str, with: &With, source_partitions: u32) -> With {
    let mut w = with.clone();
    w.entry("KAFKA_TOPIC".into())
        .or_insert_with(|| Value::Str(name.to_owned()));
    w.entry("PARTITIONS".into())
        .or_insert_with(|| Value::Raw(source_partitions.to_string()));
    w.entry("REPLICAS".into())
        .or_insert_with(|| Value::Raw("1".into()));
    w.entry("CLEANUP_POLICY".into())
        .or_insert_with(|| Value::Str("delete".into()));
    w.entry("RETENTION_MS".into())
        .or_insert_with(|| Value::Raw(RETENTION_MS.into()));
    w
}

/// The completed properties of a declared stream over an existing topic.
pub fn complete_source(with: &With) -> With {
    let mut w = with.clone();
    w.entry("KEY_FORMAT".into())
        .or_insert_with(|| Value::Str("KAFKA".into()));
    w.entry("CLEANUP_POLICY".into())
        .or_insert_with(|| Value::Str("delete".into()));
    w
}

fn with_clause(w: &With) -> String {
    let parts: Vec<String> = w
        .iter()
        .map(|(k, v)| format!("{k}={}", v.printed()))
        .collect();
    format!("WITH ({})", parts.join(", "))
}

fn select(s: &Select) -> String {
    let items: Vec<String> = s
        .items
        .iter()
        .map(|i| match i {
            Item::All => "*".into(),
            Item::Expr(e, alias) => format!("{} {}", expr(e, &s.source), ident(alias)),
        })
        .collect();
    let mut out = format!(
        "SELECT {}\nFROM {} {}",
        items.join(", "),
        s.source,
        s.source
    );
    if let Some(f) = &s.filter {
        out.push_str(&format!("\nWHERE {}", expr(f, &s.source)));
    }
    out.push_str("\nEMIT CHANGES");
    out
}

/// The statement as ksqlDB stores it; `with` is the completed property set.
pub fn statement(stmt: &Stmt, with: &With) -> String {
    let replace = |r: bool| if r { "OR REPLACE " } else { "" };
    let text = match stmt {
        Stmt::CreateSource {
            name,
            columns,
            if_not_exists,
            or_replace,
            ..
        } => format!(
            "CREATE {}STREAM {}{} ({}) {}",
            replace(*or_replace),
            if *if_not_exists { "IF NOT EXISTS " } else { "" },
            name,
            columns
                .iter()
                .map(|(n, t)| format!("{} {t}", ident(n)))
                .collect::<Vec<_>>()
                .join(", "),
            with_clause(with)
        ),
        Stmt::CreateAs {
            name,
            select: s,
            or_replace,
            ..
        } => format!(
            "CREATE {}STREAM {name} {} AS {}",
            replace(*or_replace),
            with_clause(with),
            select(s)
        ),
        Stmt::Insert {
            name, select: s, ..
        } => {
            let w = if with.is_empty() {
                String::new()
            } else {
                format!("{} ", with_clause(with))
            };
            format!("INSERT INTO {name} {w}{}", select(s))
        }
        Stmt::Drop {
            name, if_exists, ..
        } => format!(
            "DROP STREAM {}{name}",
            if *if_exists { "IF EXISTS " } else { "" }
        ),
        other => return verbatim_target(other),
    };
    format!("{text};")
}

fn verbatim_target(stmt: &Stmt) -> String {
    match stmt {
        Stmt::Terminate { id } => format!("TERMINATE {id};"),
        Stmt::Pause { id } => format!("PAUSE {id};"),
        Stmt::Resume { id } => format!("RESUME {id};"),
        _ => String::new(),
    }
}
