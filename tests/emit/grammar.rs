//! The ksqlDB grammar subset (`tests/ksql_grammar/ksql_subset.pest`) and checks
//! that it accepts what ksqlDB accepts and rejects what ksqlDB rejects.

use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../tests/ksql_grammar/ksql_subset.pest"]
struct KsqlSubset;

/// Parses one statement (with its `;`) or says why it is not ksqlDB.
pub fn parse(statement: &str) -> Result<(), String> {
    KsqlSubset::parse(Rule::single_statement, statement)
        .map(|_| ())
        .map_err(|e| format!("{e}\nin statement:\n{statement}"))
}

/// Asserts that every statement parses.
pub fn assert_parses(statements: &[&str]) {
    for s in statements {
        if let Err(e) = parse(s) {
            panic!("not accepted by the ksqlDB grammar: {e}");
        }
    }
}

#[test]
fn accepts_the_statement_shapes_ksqldb_accepts() {
    assert_parses(&[
        "CREATE STREAM IF NOT EXISTS S (A STRING, B DECIMAL(18, 4), TIMESTAMP STRING) \
         WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON', TIMESTAMP='TIMESTAMP');",
        "create stream s (a varchar key) with (kafka_topic='t', partitions=1);",
        "CREATE OR REPLACE STREAM S2 WITH (KAFKA_TOPIC='x', PARTITIONS=3) AS SELECT * FROM S \
         WHERE (A = 'x') AND (B >= 10.00) AND (NOT (A IN ('a', 'b''c'))) EMIT CHANGES;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE TRUE EMIT CHANGES;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE ROWTIME >= 1731628800000 AND ROWTIME < -5;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE (A - B) > -1.5 OR A >= 2.5 * B;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A BETWEEN 1 AND 2 AND B NOT BETWEEN .5 AND 1e3;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A IS NULL OR B IS NOT NULL;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE `SIZE` = 1 AND `we``ird` <> 'x';",
        "DROP STREAM IF EXISTS S2;",
        "DROP STREAM S2 DELETE TOPIC;",
    ]);
}

#[test]
fn rejects_what_ksqldb_rejects() {
    let bad = [
        "CREATE STREAM SELECT (A STRING);",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE SIZE = 1;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A IN ();",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A = 'x;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A = 'x'",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A = 'x'; DROP STREAM S;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A = 1 -- c\n;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A = 1 /* c */;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A = --1;",
        "CREATE STREAM S2 AS SELECT * FROM S WHERE A = \"x\";",
        "DROP STREAM IF EXISTS S2 DELETE TOPICS;",
        "DROP STREAM IF EXISTS ;",
    ];
    for s in bad {
        assert!(parse(s).is_err(), "accepted: {s}");
    }
}

#[test]
fn reserved_words_agree_with_the_emitter() {
    for word in tourney::emit::ident::reserved_words() {
        for w in [word.to_owned(), word.to_ascii_lowercase()] {
            let s = format!("DROP STREAM {w};");
            assert!(parse(&s).is_err(), "accepted reserved word: {s}");
            assert!(
                parse(&format!("DROP STREAM `{w}`;")).is_ok(),
                "rejected quoted {w}"
            );
        }
    }
    for word in [
        "TIMESTAMP",
        "KEY",
        "ID",
        "STRING",
        "EMIT",
        "REPLACE",
        "IF",
        "ROWTIME",
        "INSERTS",
        "ASX",
    ] {
        assert!(
            parse(&format!("DROP STREAM {word};")).is_ok(),
            "rejected {word}"
        );
        assert!(
            tourney::emit::ident::validate(word).is_ok(),
            "emitter rejects {word}"
        );
    }
}
