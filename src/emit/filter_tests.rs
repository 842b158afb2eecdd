use super::*;

fn text(s: &str) -> Literal {
    Literal::Text(s.to_owned())
}

fn dec(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

fn sql(pred: &Pred) -> String {
    match rule(pred) {
        Ok(s) => s,
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn comparisons() {
    let cmp = |field, cmp, value| Pred::Cmp { field, cmp, value };
    assert_eq!(
        sql(&cmp(Field::GameCategory, CmpOp::Eq, text("slots"))),
        "(GAMECATEGORY = 'slots')"
    );
    assert_eq!(
        sql(&cmp(Field::Currency, CmpOp::Ne, text("EUR"))),
        "(CURRENCY <> 'EUR')"
    );
    let amount = Literal::Decimal(dec(1000, 2));
    assert_eq!(
        sql(&cmp(Field::WagerAmount, CmpOp::Ge, amount)),
        "(WAGERAMOUNT >= 10.00)"
    );
    let ten = Literal::Decimal(dec(10, 0));
    assert_eq!(
        sql(&cmp(Field::WinAmount, CmpOp::Lt, ten)),
        "(WINAMOUNT < 10.0)"
    );
    let start = Literal::Time(1_731_628_800_000);
    assert_eq!(
        sql(&cmp(Field::Time, CmpOp::Ge, start)),
        "(ROWTIME >= 1731628800000)"
    );
}

#[test]
fn every_operator() {
    let ops = [
        (CmpOp::Eq, "="),
        (CmpOp::Ne, "<>"),
        (CmpOp::Lt, "<"),
        (CmpOp::Le, "<="),
        (CmpOp::Gt, ">"),
        (CmpOp::Ge, ">="),
    ];
    for (cmp, symbol) in ops {
        let p = Pred::Cmp {
            field: Field::GameId,
            cmp,
            value: text("g"),
        };
        assert_eq!(sql(&p), format!("(GAMEID {symbol} 'g')"));
    }
}

#[test]
fn lists() {
    let values = vec![text("VIP"), text("Gold")];
    let p = Pred::In {
        field: Field::PlayerSegment,
        values: values.clone(),
    };
    assert_eq!(sql(&p), "(PLAYERSEGMENT IN ('VIP', 'Gold'))");
    let p = Pred::NotIn {
        field: Field::Jurisdiction,
        values: vec![text("GB")],
    };
    assert_eq!(
        sql(&p),
        "(JURISDICTION IS NOT NULL AND NOT (JURISDICTION IN ('GB')))"
    );
    let p = Pred::In {
        field: Field::WagerAmount,
        values: vec![Literal::Decimal(dec(5, 0))],
    };
    assert_eq!(sql(&p), "(WAGERAMOUNT IN (5.0))");
}

#[test]
fn empty_lists_never_reach_sql() {
    let p = Pred::In {
        field: Field::GameId,
        values: vec![],
    };
    assert_eq!(sql(&p), "(FALSE)");
    let p = Pred::NotIn {
        field: Field::GameId,
        values: vec![],
    };
    assert_eq!(sql(&p), "(GAMEID IS NOT NULL)");
}

#[test]
fn presence_tests() {
    assert_eq!(
        sql(&Pred::Present {
            field: Field::WinAmount
        }),
        "(WINAMOUNT IS NOT NULL)"
    );
    assert_eq!(
        sql(&Pred::Missing {
            field: Field::PlayerSegment
        }),
        "(PLAYERSEGMENT IS NULL)"
    );
    assert_eq!(
        sql(&Pred::Present {
            field: Field::WinNet
        }),
        "(WINAMOUNT IS NOT NULL AND WAGERAMOUNT IS NOT NULL)"
    );
    assert_eq!(
        sql(&Pred::Missing {
            field: Field::WinMultiplier
        }),
        "(WINAMOUNT IS NULL OR WAGERAMOUNT IS NULL OR WAGERAMOUNT = 0)"
    );
}

#[test]
fn net_and_ratio() {
    let p = Pred::Net {
        cmp: CmpOp::Gt,
        value: dec(0, 0),
    };
    assert_eq!(sql(&p), "((WINAMOUNT - WAGERAMOUNT) > 0.0)");
    let p = Pred::Ratio {
        cmp: CmpOp::Ge,
        value: dec(25, 1),
    };
    // A zero stake has no multiplier: the comparison is false on it.
    assert_eq!(
        sql(&p),
        "(WAGERAMOUNT <> 0 AND WINAMOUNT >= 2.5 * WAGERAMOUNT)"
    );
    let p = Pred::Net {
        cmp: CmpOp::Ge,
        value: dec(-15, 1),
    };
    assert_eq!(sql(&p), "((WINAMOUNT - WAGERAMOUNT) >= -1.5)");
    let p = Pred::Cmp {
        field: Field::WinMultiplier,
        cmp: CmpOp::Gt,
        value: Literal::Decimal(dec(10, 0)),
    };
    assert_eq!(
        sql(&p),
        "(WAGERAMOUNT <> 0 AND WINAMOUNT > 10.0 * WAGERAMOUNT)"
    );
    let p = Pred::Cmp {
        field: Field::WinNet,
        cmp: CmpOp::Le,
        value: Literal::Decimal(dec(1, 0)),
    };
    assert_eq!(sql(&p), "((WINAMOUNT - WAGERAMOUNT) <= 1.0)");
}

#[test]
fn constants_and_junctions() {
    assert_eq!(sql(&Pred::True), "(TRUE)");
    assert_eq!(sql(&Pred::False), "(FALSE)");
    assert_eq!(sql(&Pred::And { all: vec![] }), "(TRUE)");
    assert_eq!(sql(&Pred::Or { any: vec![] }), "(FALSE)");
    let a = Pred::Cmp {
        field: Field::GameId,
        cmp: CmpOp::Eq,
        value: text("a"),
    };
    let b = Pred::Cmp {
        field: Field::GameId,
        cmp: CmpOp::Eq,
        value: text("b"),
    };
    let c = Pred::Present {
        field: Field::WinAmount,
    };
    let p = Pred::Or {
        any: vec![a.clone(), Pred::And { all: vec![b, c] }],
    };
    assert_eq!(
        sql(&p),
        "(GAMEID = 'a' OR (GAMEID = 'b' AND WINAMOUNT IS NOT NULL))"
    );
    let p = Pred::And {
        all: vec![
            a,
            Pred::NotIn {
                field: Field::Currency,
                values: vec![text("X")],
            },
        ],
    };
    assert_eq!(
        sql(&p),
        "(GAMEID = 'a' AND (CURRENCY IS NOT NULL AND NOT (CURRENCY IN ('X'))))"
    );
}

#[test]
fn mistyped_literals_are_errors() {
    let bad = [
        Pred::Cmp {
            field: Field::WagerAmount,
            cmp: CmpOp::Eq,
            value: text("10"),
        },
        Pred::Cmp {
            field: Field::GameId,
            cmp: CmpOp::Eq,
            value: Literal::Decimal(dec(1, 0)),
        },
        Pred::Cmp {
            field: Field::Time,
            cmp: CmpOp::Ge,
            value: Literal::Decimal(dec(1, 0)),
        },
        Pred::Cmp {
            field: Field::WinAmount,
            cmp: CmpOp::Ge,
            value: Literal::Time(1),
        },
        Pred::In {
            field: Field::WinAmount,
            values: vec![Literal::Decimal(dec(1, 0)), text("x")],
        },
        Pred::NotIn {
            field: Field::Currency,
            values: vec![Literal::Time(5)],
        },
        Pred::Cmp {
            field: Field::WinNet,
            cmp: CmpOp::Ge,
            value: text("x"),
        },
    ];
    for p in bad {
        assert!(
            matches!(
                rule(&p),
                Err(EmitError::LiteralType { .. } | EmitError::Unsupported { .. })
            ),
            "{p:?}"
        );
    }
}

#[test]
fn derived_fields_in_lists_are_errors() {
    let p = Pred::In {
        field: Field::WinNet,
        values: vec![Literal::Decimal(dec(1, 0))],
    };
    assert!(matches!(rule(&p), Err(EmitError::Unsupported { .. })));
}
