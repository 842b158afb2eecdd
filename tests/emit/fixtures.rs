//! Hand-built tournaments (IR values) for the emitter tests.

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use tourney::ir::{
    Aggregate, Cap, Conversion, Eligibility, Field, LeaderboardSpec, Literal, Multiplier, NumExpr,
    NumField, NumStep, PlaceSpec, Pred, Prize, PrizeTier, Schedule, Scoring, TieBreak, Tournament,
    Update,
};
use tourney::ir::{Display, EligibilityRule, RuleKind, SourceSpan, Visibility};
use tourney::syntax::ast::{ArithOp, CmpOp};
use tourney::syntax::Span;

pub fn text(s: &str) -> Literal {
    Literal::Text(s.to_owned())
}

pub fn money(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

pub fn rule(kind: RuleKind, source: &str, pred: Pred) -> EligibilityRule {
    EligibilityRule {
        kind,
        source: source.to_owned(),
        span: None,
        pred,
    }
}

pub fn cmp(field: Field, cmp: CmpOp, value: Literal) -> Pred {
    Pred::Cmp { field, cmp, value }
}

fn window(start_ms: i64, end_ms: i64) -> Pred {
    Pred::And {
        all: vec![
            cmp(Field::Time, CmpOp::Ge, Literal::Time(start_ms)),
            cmp(Field::Time, CmpOp::Le, Literal::Time(end_ms)),
        ],
    }
}

fn schedule(start: &str, end: &str, start_ms: i64, end_ms: i64) -> Schedule {
    Schedule {
        start: start.to_owned(),
        end: end.to_owned(),
        start_ms,
        end_ms,
        end_inclusive: true,
        timezone: "UTC".to_owned(),
        prewarm_ms: 15 * 60 * 1000,
    }
}

fn sum_of_wagered() -> Scoring {
    Scoring {
        points: NumExpr::Field {
            field: NumField::WagerAmount,
        },
        multipliers: vec![],
        aggregate: Aggregate::Sum,
        caps: vec![],
        currency: None,
    }
}

fn board(size: u32) -> LeaderboardSpec {
    LeaderboardSpec {
        visibility: Visibility::default(),
        display: Display::default(),
        update: Update::Realtime,
        ties: vec![],
        size,
        prizes: vec![],
    }
}

/// A tournament with the given ids and eligibility rules, everything else minimal.
pub fn with_rules(operator: &str, id: &str, rules: Vec<EligibilityRule>) -> Tournament {
    Tournament {
        id: id.to_owned(),
        title: "Test".to_owned(),
        operator: operator.to_owned(),
        description: None,
        metadata: BTreeMap::new(),
        template: None,
        schedule: schedule(
            "2024-11-15T00:00:00Z",
            "2024-11-17T23:59:59Z",
            1_731_628_800_000,
            1_731_887_999_000,
        ),
        eligibility: Eligibility { rules },
        scoring: sum_of_wagered(),
        leaderboard: board(10),
        tests: vec![],
    }
}

/// The sketch from the product description: slots, minimum wager in EUR, segments,
/// an excluded jurisdiction, a game multiplier, an hourly cap and tiered prizes.
pub fn weekend_slots() -> Tournament {
    let operator = "operator-123";
    let (start, end) = (1_731_628_800_000, 1_731_887_999_000);
    let rules = vec![
        rule(
            RuleKind::Operator,
            "operator \"operator-123\"",
            cmp(Field::OperatorId, CmpOp::Eq, text(operator)),
        ),
        rule(
            RuleKind::Window,
            "runs 2024-11-15T00:00:00Z .. 2024-11-17T23:59:59Z",
            window(start, end),
        ),
        EligibilityRule {
            kind: RuleKind::Condition,
            source: "game.category = \"slots\"".to_owned(),
            span: Some(SourceSpan {
                file: "weekend.tourney".to_owned(),
                span: Span::new(190, 213),
                line: 7,
                column: 5,
            }),
            pred: cmp(Field::GameCategory, CmpOp::Eq, text("slots")),
        },
        rule(
            RuleKind::Condition,
            "wager.amount >= 10.00 EUR",
            cmp(
                Field::WagerAmount,
                CmpOp::Ge,
                Literal::Decimal(money(1000, 2)),
            ),
        ),
        rule(
            RuleKind::Currency,
            "wager.amount >= 10.00 EUR",
            cmp(Field::Currency, CmpOp::Eq, text("EUR")),
        ),
        rule(
            RuleKind::Condition,
            "player.segment in (\"VIP\", \"Gold\")",
            Pred::In {
                field: Field::PlayerSegment,
                values: vec![text("VIP"), text("Gold")],
            },
        ),
        rule(
            RuleKind::Condition,
            "player.jurisdiction not in (\"GB\")",
            Pred::NotIn {
                field: Field::Jurisdiction,
                values: vec![text("GB")],
            },
        ),
    ];
    let scoring = Scoring {
        points: NumExpr::Field {
            field: NumField::WagerAmount,
        },
        multipliers: vec![Multiplier {
            factor: money(2, 0),
            when: Pred::In {
                field: Field::GameId,
                values: vec![text("slot-1"), text("slot-2")],
            },
            source: "x2 when game.id in (\"slot-1\", \"slot-2\")".to_owned(),
        }],
        aggregate: Aggregate::Sum,
        caps: vec![Cap {
            points: money(5000, 0),
            window_ms: 3_600_000,
        }],
        currency: None,
    };
    let text_prize = |from, to, text: &str| PrizeTier {
        places: PlaceSpec::Places { from, to },
        prize: Prize::Text {
            text: text.to_owned(),
        },
    };
    let leaderboard = LeaderboardSpec {
        visibility: Visibility::default(),
        display: Display::default(),
        update: Update::Every {
            interval_ms: 10_000,
        },
        ties: vec![TieBreak::FirstToReach],
        size: 100,
        prizes: vec![
            text_prize(1, 1, "€1,000"),
            text_prize(2, 3, "€250"),
            text_prize(4, 10, "50 free spins"),
            PrizeTier {
                places: PlaceSpec::Percent {
                    from: 11,
                    percent: money(5, 0),
                },
                prize: Prize::Text {
                    text: "10 free spins".to_owned(),
                },
            },
        ],
    };
    Tournament {
        id: "weekend-slots-2024".to_owned(),
        title: "Weekend Slots Challenge".to_owned(),
        operator: operator.to_owned(),
        description: None,
        metadata: BTreeMap::new(),
        template: None,
        schedule: schedule("2024-11-15T00:00:00Z", "2024-11-17T23:59:59Z", start, end),
        eligibility: Eligibility { rules },
        scoring,
        leaderboard,
        tests: vec![],
    }
}

/// Win-based scoring: only wins, best multiplier counts, nested and/or conditions,
/// net-win and ratio thresholds, currency conversion and money prizes.
pub fn big_win_hunt() -> Tournament {
    let operator = "acme_casino";
    let (start, end) = (1_735_722_000_000, 1_736_326_800_000);
    let live_or_table = Pred::Or {
        any: vec![
            cmp(Field::GameCategory, CmpOp::Eq, text("live")),
            Pred::And {
                all: vec![
                    cmp(Field::GameCategory, CmpOp::Eq, text("table")),
                    Pred::Ratio {
                        cmp: CmpOp::Ge,
                        value: money(10, 0),
                    },
                ],
            },
        ],
    };
    let rules = vec![
        rule(
            RuleKind::Operator,
            "operator \"acme_casino\"",
            cmp(Field::OperatorId, CmpOp::Eq, text(operator)),
        ),
        rule(
            RuleKind::Window,
            "runs 2025-01-01T09:00:00Z .. 2025-01-08T09:00:00Z",
            Pred::And {
                all: vec![
                    cmp(Field::Time, CmpOp::Ge, Literal::Time(start)),
                    cmp(Field::Time, CmpOp::Lt, Literal::Time(end)),
                ],
            },
        ),
        rule(
            RuleKind::OnlyWins,
            "only wins",
            Pred::Net {
                cmp: CmpOp::Gt,
                value: money(0, 0),
            },
        ),
        rule(
            RuleKind::Condition,
            "game.category = \"live\" or (game.category = \"table\" and win.multiplier >= 10)",
            live_or_table,
        ),
        rule(
            RuleKind::Condition,
            "wager.amount between 0.50 and 100",
            Pred::And {
                all: vec![
                    cmp(
                        Field::WagerAmount,
                        CmpOp::Ge,
                        Literal::Decimal(money(50, 2)),
                    ),
                    cmp(
                        Field::WagerAmount,
                        CmpOp::Le,
                        Literal::Decimal(money(100, 0)),
                    ),
                ],
            },
        ),
        rule(
            RuleKind::Condition,
            "player.segment is missing or player.segment != \"blocked\"",
            Pred::Or {
                any: vec![
                    Pred::Missing {
                        field: Field::PlayerSegment,
                    },
                    cmp(Field::PlayerSegment, CmpOp::Ne, text("blocked")),
                ],
            },
        ),
        rule(
            RuleKind::Condition,
            "win.net >= -0.5",
            Pred::Net {
                cmp: CmpOp::Ge,
                value: money(-5, 1),
            },
        ),
        rule(
            RuleKind::Currency,
            "currency EUR rates { USD 0.92 GBP 1.17 }",
            Pred::In {
                field: Field::Currency,
                values: vec![text("EUR"), text("GBP"), text("USD")],
            },
        ),
    ];
    let scoring = Scoring {
        points: NumExpr::Chain {
            first: Box::new(NumExpr::Field {
                field: NumField::WinAmount,
            }),
            rest: vec![NumStep {
                op: ArithOp::Div,
                operand: NumExpr::Field {
                    field: NumField::WagerAmount,
                },
            }],
        },
        multipliers: vec![Multiplier {
            factor: money(15, 1),
            when: cmp(Field::GameId, CmpOp::Eq, text("lightning-roulette")),
            source: "x1.5 when game.id = \"lightning-roulette\"".to_owned(),
        }],
        aggregate: Aggregate::Max,
        caps: vec![],
        currency: Some(Conversion {
            base: "EUR".to_owned(),
            rates: BTreeMap::from([
                ("GBP".to_owned(), money(117, 2)),
                ("USD".to_owned(), money(92, 2)),
            ]),
        }),
    };
    let leaderboard = LeaderboardSpec {
        visibility: Visibility::default(),
        display: Display::default(),
        update: Update::Realtime,
        ties: vec![TieBreak::EarliestEntry, TieBreak::MostWagers],
        size: 50,
        prizes: vec![
            PrizeTier {
                places: PlaceSpec::Places { from: 1, to: 1 },
                prize: Prize::Money {
                    amount: money(500000, 2),
                    currency: "EUR".to_owned(),
                },
            },
            PrizeTier {
                places: PlaceSpec::Places { from: 2, to: 5 },
                prize: Prize::Money {
                    amount: money(500, 0),
                    currency: "EUR".to_owned(),
                },
            },
        ],
    };
    Tournament {
        id: "big-win-hunt.2025_01".to_owned(),
        title: "Big Win Hunt".to_owned(),
        operator: operator.to_owned(),
        description: Some(
            "Best single multiplier wins.\nLive and high-ratio table games.".to_owned(),
        ),
        metadata: BTreeMap::from([
            ("campaign".to_owned(), "q1-2025".to_owned()),
            ("owner".to_owned(), "crm".to_owned()),
        ]),
        template: Some("big-win".to_owned()),
        schedule: schedule("2025-01-01T09:00:00Z", "2025-01-08T09:00:00Z", start, end),
        eligibility: Eligibility { rules },
        scoring,
        leaderboard,
        tests: vec![],
    }
}

/// The smallest tournament: no eligibility rules at all, counting wagers.
pub fn open_count() -> Tournament {
    let mut t = with_rules("Op.1", "count-all", vec![]);
    t.title = "Everybody's wager counts".to_owned();
    t.scoring = Scoring {
        points: NumExpr::Const { value: money(1, 0) },
        multipliers: vec![],
        aggregate: Aggregate::Count,
        caps: vec![Cap {
            points: money(100, 0),
            window_ms: 86_400_000,
        }],
        currency: None,
    };
    t.schedule.end_inclusive = false;
    t
}
