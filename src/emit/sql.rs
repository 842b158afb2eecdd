//! ksqlDB statements. The layout lives in `templates/ksql/`; this file computes
//! every piece the templates interpolate — validated identifiers, escaped literals,
//! lowered filters — so a template never sees raw user input.

use super::columns::{SOURCE_COLUMNS, TIMESTAMP_COLUMN, TIMESTAMP_FORMAT};
use super::error::EmitError;
use super::ident::Ident;
use super::literal;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use std::sync::OnceLock;

const SOURCE_TEMPLATE: &str = "source_stream.sql";
const STREAM_TEMPLATE: &str = "tournament_stream.sql";

/// The statement creating one tournament's stream.
#[derive(Debug, Clone)]
pub struct StreamStatement<'a> {
    /// The tournament's stream.
    pub stream: &'a Ident,
    /// The stream it reads (`WAGER_EVENTS`).
    pub source: &'a Ident,
    /// The Kafka topic it writes (unescaped; escaped here).
    pub topic: &'a str,
    /// Partitions of that topic (`PARTITIONS=`, at least one).
    pub partitions: u32,
    /// `CREATE OR REPLACE` (an in-place upgrade) instead of `CREATE`.
    pub or_replace: bool,
    /// The lowered eligibility rules, each a parenthesised boolean expression.
    pub rules: &'a [String],
}

#[derive(Serialize)]
struct ColumnCtx {
    name: String,
    sql_type: &'static str,
}

#[derive(Serialize)]
struct SourceCtx {
    name: String,
    columns: Vec<ColumnCtx>,
    topic: String,
    timestamp_column: String,
    timestamp_format: String,
}

#[derive(Serialize)]
struct StreamCtx<'a> {
    or_replace: bool,
    stream: &'a str,
    topic: String,
    partitions: u32,
    source: &'a str,
    rules: Vec<&'a str>,
}

/// `CREATE STREAM IF NOT EXISTS <source> (...) WITH (...);` over topic `topic`.
pub fn source_stream(name: &Ident, topic: &str) -> Result<String, EmitError> {
    let columns = SOURCE_COLUMNS
        .iter()
        .map(|c| {
            Ok(ColumnCtx {
                name: Ident::new(c.name)?.to_string(),
                sql_type: c.sql_type,
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let ctx = SourceCtx {
        name: name.to_string(),
        columns,
        topic: literal::string(topic),
        timestamp_column: literal::string(Ident::new(TIMESTAMP_COLUMN)?.as_str()),
        timestamp_format: literal::string(TIMESTAMP_FORMAT),
    };
    render(SOURCE_TEMPLATE, &ctx)
}

/// `CREATE [OR REPLACE] STREAM <name> WITH (...) AS SELECT * FROM <source> WHERE ...;`
pub fn tournament_stream(s: &StreamStatement<'_>) -> Result<String, EmitError> {
    if s.partitions == 0 {
        return Err(EmitError::ZeroPartitions);
    }
    let mut rules: Vec<&str> = s.rules.iter().map(String::as_str).collect();
    if rules.is_empty() {
        rules.push("TRUE");
    }
    let ctx = StreamCtx {
        or_replace: s.or_replace,
        stream: s.stream.as_str(),
        topic: literal::string(s.topic),
        partitions: s.partitions,
        source: s.source.as_str(),
        rules,
    };
    render(STREAM_TEMPLATE, &ctx)
}

/// `DROP STREAM IF EXISTS <name> [DELETE TOPIC];`. Dropping the stream also stops
/// the query that feeds it.
pub fn drop_stream(stream: &Ident, delete_topic: bool) -> String {
    let delete = if delete_topic { " DELETE TOPIC" } else { "" };
    format!("DROP STREAM IF EXISTS {stream}{delete};")
}

fn environment() -> Result<&'static Environment<'static>, EmitError> {
    static ENV: OnceLock<Result<Environment<'static>, (&'static str, String)>> = OnceLock::new();
    let env = ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let templates = [
            (
                SOURCE_TEMPLATE,
                include_str!("../../templates/ksql/source_stream.sql"),
            ),
            (
                STREAM_TEMPLATE,
                include_str!("../../templates/ksql/tournament_stream.sql"),
            ),
        ];
        for (name, source) in templates {
            env.add_template(name, source)
                .map_err(|e| (name, e.to_string()))?;
        }
        Ok(env)
    });
    env.as_ref().map_err(|(name, message)| EmitError::Template {
        name,
        message: message.clone(),
    })
}

fn render(name: &'static str, ctx: &impl Serialize) -> Result<String, EmitError> {
    let template_error = |e: minijinja::Error| EmitError::Template {
        name,
        message: e.to_string(),
    };
    let template = environment()?.get_template(name).map_err(template_error)?;
    template.render(ctx).map_err(template_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(name: &str) -> Result<Ident, EmitError> {
        Ok(Ident::new(name)?)
    }

    #[test]
    fn source_stream_is_the_shared_declaration() -> Result<(), EmitError> {
        let sql = source_stream(&ident("WAGER_EVENTS")?, "wager.events")?;
        let one_line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            one_line.replace("( ", "(").replace(" )", ")"),
            "CREATE STREAM IF NOT EXISTS WAGER_EVENTS (WAGERID STRING, PLAYERID STRING, \
             OPERATORID STRING, GAMEID STRING, GAMECATEGORY STRING, WAGERAMOUNT DECIMAL(18, 4), \
             CURRENCY STRING, WINAMOUNT DECIMAL(18, 4), PLAYERSEGMENT STRING, \
             JURISDICTION STRING, TIMESTAMP STRING, PLAYERNAME STRING) \
             WITH (KAFKA_TOPIC='wager.events', \
             VALUE_FORMAT='JSON', TIMESTAMP='TIMESTAMP', \
             TIMESTAMP_FORMAT='yyyy-MM-dd''T''HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]XXX');"
        );
        Ok(())
    }

    #[test]
    fn tournament_stream_layout() -> Result<(), EmitError> {
        let (stream, source) = (ident("TOURNEY_OP_T_01234567")?, ident("WAGER_EVENTS")?);
        let rules = vec!["(A = 'x')".to_owned(), "(B IS NOT NULL)".to_owned()];
        let mut s = StreamStatement {
            stream: &stream,
            source: &source,
            topic: "tournament.eligible.op.t",
            partitions: 6,
            or_replace: false,
            rules: &rules,
        };
        assert_eq!(
            tournament_stream(&s)?,
            "CREATE STREAM TOURNEY_OP_T_01234567\n  \
             WITH (KAFKA_TOPIC='tournament.eligible.op.t', VALUE_FORMAT='JSON', PARTITIONS=6)\n  \
             AS SELECT *\n  FROM WAGER_EVENTS\n  WHERE (A = 'x')\n    AND (B IS NOT NULL)\n  \
             EMIT CHANGES;"
        );
        s.or_replace = true;
        s.partitions = 1;
        s.rules = &[];
        let sql = tournament_stream(&s)?;
        assert!(
            sql.starts_with("CREATE OR REPLACE STREAM TOURNEY_OP_T_01234567\n"),
            "{sql}"
        );
        assert!(
            sql.contains("VALUE_FORMAT='JSON', PARTITIONS=1)\n"),
            "{sql}"
        );
        assert!(sql.contains("WHERE TRUE\n"), "{sql}");
        s.partitions = 0;
        assert_eq!(tournament_stream(&s), Err(EmitError::ZeroPartitions));
        Ok(())
    }

    #[test]
    fn drop_statements() -> Result<(), EmitError> {
        let stream = ident("TOURNEY_OP_T_01234567")?;
        assert_eq!(
            drop_stream(&stream, false),
            "DROP STREAM IF EXISTS TOURNEY_OP_T_01234567;"
        );
        assert_eq!(
            drop_stream(&stream, true),
            "DROP STREAM IF EXISTS TOURNEY_OP_T_01234567 DELETE TOPIC;"
        );
        Ok(())
    }
}
