//! Hostile strings in every string position of a tournament: the emitted statements
//! must keep each value inside its literal, byte for byte.

use super::fixtures::{cmp, rule, text, with_rules};
use super::safety::assert_safe;
use tourney::emit::{emit, EmitError, EmitOptions, Emitted};
use tourney::ir::{EligibilityRule, Field, Literal, Pred, RuleKind};
use tourney::syntax::ast::CmpOp;

/// Values that would break out of a naively built literal or confuse a reader.
const HOSTILE: &[&str] = &[
    "'",
    "''",
    "O'Brien",
    "x'; DROP STREAM WAGER_EVENTS; --",
    "' OR '1'='1",
    "\\",
    "\\'",
    "a\\'; DROP STREAM X; --",
    ";",
    "a;b",
    "--",
    "-- comment",
    "/*",
    "*/",
    "/* block */",
    "line\nbreak",
    "cr\r\nlf",
    "tab\there",
    "nul\0byte",
    "\u{202E}\u{200F}rtl marks\u{200E}",
    "🎰 emoji 🃏",
    "e\u{301}\u{301} combining",
    "zero\u{200B}width",
    "\u{FEFF}bom",
    "`backtick`",
    "\"double\"",
    "${variable}",
    "%_ like chars",
    "",
    " ",
];

const TOPIC: &str = "tournament.eligible.op.t1";

fn emitted(rules: Vec<EligibilityRule>) -> Emitted {
    let t = with_rules("op", "t1", rules);
    match emit(&t, &EmitOptions::default()) {
        Ok(e) => e,
        Err(e) => panic!("emit failed: {e}"),
    }
}

/// Whether a value holds a control character, which the emitter refuses (a `.sql`
/// file cannot carry it safely; the checker reports it as T0009).
fn has_control(value: &str) -> bool {
    value.chars().any(char::is_control)
}

/// For each hostile value: a rule built by `make`, then the statement is checked
/// and its literals must be the topic, `JSON`, then `expected(value)`; a value with a
/// control character is refused instead.
fn check_position(make: impl Fn(&str) -> Pred, expected: impl Fn(&str) -> Vec<String>) {
    for value in HOSTILE {
        if has_control(value) {
            let t = with_rules(
                "op",
                "t1",
                vec![rule(RuleKind::Condition, "x", make(value))],
            );
            let got = emit(&t, &EmitOptions::default());
            assert!(
                matches!(got, Err(EmitError::ControlCharacter { .. })),
                "{value:?}: {got:?}"
            );
            continue;
        }
        let e = emitted(vec![rule(RuleKind::Condition, value, make(value))]);
        let mut strings = vec![TOPIC.to_owned(), "JSON".to_owned()];
        strings.extend(expected(value));
        let strings: Vec<&str> = strings.iter().map(String::as_str).collect();
        assert_safe(&e.statement, &strings);
        assert_safe(&e.drop, &[]);
        let json = serde_json::to_string(&e.config).unwrap_or_default();
        let back: tourney::emit::ScoringConfig =
            serde_json::from_str(&json).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(back, e.config, "config round trip for {value:?}");
    }
}

fn one(value: &str) -> Vec<String> {
    vec![value.to_owned()]
}

#[test]
fn game_id_comparison() {
    check_position(|v| cmp(Field::GameId, CmpOp::Eq, text(v)), one);
}

#[test]
fn game_category_comparison() {
    check_position(|v| cmp(Field::GameCategory, CmpOp::Ne, text(v)), one);
}

#[test]
fn player_segment_comparison() {
    check_position(|v| cmp(Field::PlayerSegment, CmpOp::Eq, text(v)), one);
}

#[test]
fn jurisdiction_comparison() {
    check_position(|v| cmp(Field::Jurisdiction, CmpOp::Lt, text(v)), one);
}

#[test]
fn currency_comparison() {
    check_position(|v| cmp(Field::Currency, CmpOp::Eq, text(v)), one);
}

#[test]
fn wager_and_player_id_comparison() {
    check_position(|v| cmp(Field::WagerId, CmpOp::Eq, text(v)), one);
    check_position(|v| cmp(Field::PlayerId, CmpOp::Ge, text(v)), one);
    check_position(|v| cmp(Field::OperatorId, CmpOp::Eq, text(v)), one);
}

#[test]
fn in_list_of_game_ids() {
    check_position(
        |v| Pred::In {
            field: Field::GameId,
            values: vec![text(v), text("safe"), text(v)],
        },
        |v| vec![v.to_owned(), "safe".to_owned(), v.to_owned()],
    );
}

#[test]
fn in_list_of_segments_and_categories() {
    check_position(
        |v| Pred::In {
            field: Field::PlayerSegment,
            values: vec![text(v)],
        },
        one,
    );
    check_position(
        |v| Pred::In {
            field: Field::GameCategory,
            values: vec![text(v)],
        },
        one,
    );
}

#[test]
fn not_in_list_of_jurisdictions() {
    check_position(
        |v| Pred::NotIn {
            field: Field::Jurisdiction,
            values: vec![text("GB"), text(v)],
        },
        |v| vec!["GB".to_owned(), v.to_owned()],
    );
}

#[test]
fn not_in_list_of_currencies() {
    check_position(
        |v| Pred::NotIn {
            field: Field::Currency,
            values: vec![text(v)],
        },
        one,
    );
}

#[test]
fn nested_and_or() {
    check_position(
        |v| Pred::Or {
            any: vec![
                Pred::And {
                    all: vec![
                        cmp(Field::GameId, CmpOp::Eq, text(v)),
                        Pred::Missing {
                            field: Field::PlayerSegment,
                        },
                    ],
                },
                Pred::NotIn {
                    field: Field::GameCategory,
                    values: vec![text(v)],
                },
            ],
        },
        |v| vec![v.to_owned(), v.to_owned()],
    );
}

fn is_id(value: &str) -> bool {
    (1..=100).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// Hostile ids are refused; the few that are legal ids (`--`) make safe statements.
fn check_id_position(what: &str, make: impl Fn(&str) -> tourney::ir::Tournament) {
    for value in HOSTILE {
        match emit(&make(value), &EmitOptions::default()) {
            Err(EmitError::InvalidId { what: w, value: v }) => {
                assert!(!is_id(value), "refused legal {what} {value:?}");
                assert_eq!((w, v.as_str()), (what, *value));
            }
            Ok(e) => {
                assert!(is_id(value), "accepted {what} {value:?}");
                assert_safe(&e.statement, &[&e.topic, "JSON"]);
                assert_safe(&e.drop, &[]);
            }
            Err(other) => panic!("{what} {value:?}: {other}"),
        }
    }
}

#[test]
fn hostile_operator_ids() {
    check_id_position("operator id", |v| with_rules(v, "t1", vec![]));
}

#[test]
fn hostile_tournament_ids() {
    check_id_position("tournament id", |v| with_rules("op", v, vec![]));
}

#[test]
fn odd_but_valid_ids_make_safe_statements() {
    let ids = [
        "-",
        "..",
        "_",
        "a.b-c_D",
        "SELECT",
        "drop",
        "--x",
        "9",
        &"z".repeat(100),
    ];
    for op in ids {
        for id in ids {
            let t = with_rules(
                op,
                id,
                vec![rule(
                    RuleKind::Operator,
                    "operator",
                    cmp(Field::OperatorId, CmpOp::Eq, text(op)),
                )],
            );
            let opts = EmitOptions {
                or_replace: true,
                delete_topic: true,
            };
            let e = match emit(&t, &opts) {
                Ok(e) => e,
                Err(err) => panic!("{op:?}/{id:?}: {err}"),
            };
            let topic = format!("tournament.eligible.{op}.{id}");
            assert_eq!(e.topic, topic);
            assert_safe(&e.statement, &[&topic, "JSON", op]);
            assert_safe(&e.drop, &[]);
            assert!(e.drop.ends_with(" DELETE TOPIC;"));
            assert!(e.stream.starts_with("TOURNEY_"));
        }
    }
}

#[test]
fn hostile_text_in_a_money_position_is_an_error_not_sql() {
    for value in HOSTILE {
        let t = with_rules(
            "op",
            "t1",
            vec![rule(
                RuleKind::Condition,
                "x",
                cmp(
                    Field::WagerAmount,
                    CmpOp::Ge,
                    Literal::Text((*value).to_owned()),
                ),
            )],
        );
        assert!(matches!(
            emit(&t, &EmitOptions::default()),
            Err(EmitError::LiteralType { .. })
        ));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_stays_inside_its_literal(a in "\\PC*", b in proptest::prelude::any::<String>()) {
        let pred = Pred::And {
            all: vec![
                cmp(Field::GameId, CmpOp::Eq, text(&a)),
                Pred::NotIn { field: Field::Jurisdiction, values: vec![text(&b), text(&a)] },
            ],
        };
        let t = with_rules("op", "t1", vec![rule(RuleKind::Condition, &a, pred)]);
        match emit(&t, &EmitOptions::default()) {
            Ok(e) => assert_safe(&e.statement, &[TOPIC, "JSON", &a, &b, &a]),
            Err(EmitError::ControlCharacter { .. }) => {
                proptest::prop_assert!(has_control(&a) || has_control(&b));
            }
            Err(other) => proptest::prop_assert!(false, "{other}"),
        }
    }
}
