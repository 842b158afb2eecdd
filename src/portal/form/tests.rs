#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use super::model::{Cap, Currency, Money, Multiplier, Prize, PrizeValue, Rate};
use super::*;
use crate::check::{check_project, Project};

const VIP: &str = include_str!("../../../examples/tournaments/vip-high-roller.tourney");
const HALLOWEEN: &str = include_str!("../../../examples/tournaments/from-slots-race.tourney");
const GLOBAL: &str = include_str!("../../../examples/tournaments/multi-currency.tourney");
const NEW_YEAR: &str = include_str!("../../../examples/tournaments/new-year-local.tourney");
const NORDIC: &str = include_str!("../../../examples/tournaments/jurisdiction-restricted.tourney");
const SLOTS: &str = include_str!("../../../templates/tournaments/slots-race.tourney");

fn errors(source: &str) -> Vec<String> {
    let mut project = Project::new();
    project.add_file("t.tourney", source);
    check_project(&project)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect()
}

/// Writes `form`, checks it reads back, and returns the new source.
fn written(source: &str, form: &Form) -> String {
    let out = write(source, form).unwrap();
    assert_eq!(read(&out).form, *form, "read back differs:\n{out}");
    out
}

#[test]
fn the_form_shows_the_values_as_written() {
    let f = read(VIP).form;
    assert_eq!(f.id, "vip-high-roller-2024-12");
    assert_eq!(f.operator.as_deref(), Some("operator-123"));
    assert_eq!(f.eligibility.segments, ["VIP", "Gold"]);
    assert_eq!(f.eligibility.categories, ["slots", "table", "live-casino"]);
    let min = Money {
        amount: "100.00".into(),
        currency: "EUR".into(),
    };
    assert_eq!(f.eligibility.min_bet, Some(min));
    assert_eq!(f.eligibility.max_bet.unwrap().amount, "25000.00");
    assert_eq!(f.schedule.start.as_deref(), Some("2024-12-01T00:00:00Z"));
    assert_eq!(f.schedule.prewarm.as_deref(), Some("1h"));
    assert_eq!(f.scoring.points.as_deref(), Some("wager.amount / 100"));
    let vip = Multiplier {
        factor: "1.5".into(),
        when: "player.segment = \"VIP\"".into(),
    };
    assert_eq!(f.scoring.multipliers, [vip]);
    assert_eq!(
        f.scoring.caps,
        [Cap {
            points: "1000".into(),
            per: "1w".into()
        }]
    );
    assert_eq!(f.scoring.aggregate.as_deref(), Some("sum"));
    assert_eq!(f.leaderboard.ties, ["first_to_reach", "biggest_wager"]);
    assert_eq!(f.leaderboard.size.as_deref(), Some("25"));
    let second = &f.leaderboard.prizes[1];
    assert_eq!(second.places, "2..3");
    assert_eq!(
        second.prize,
        PrizeValue::Money(Money {
            amount: "1000.00".into(),
            currency: "EUR".into()
        })
    );
}

#[test]
fn local_times_keep_their_time_zone_and_included_end() {
    let s = read(NEW_YEAR).form.schedule;
    assert_eq!(s.timezone.as_deref(), Some("Europe/Malta"));
    assert_eq!(s.start.as_deref(), Some("2024-12-31T18:00"));
    assert_eq!(s.end.as_deref(), Some("2025-01-01T06:00"));
    assert!(s.end_inclusive);
    assert_eq!(s.prewarm.as_deref(), Some("45m"));
}

#[test]
fn tests_metadata_comments_and_other_blocks_are_kept() {
    let r = read(VIP);
    let whats: Vec<&str> = r.kept.iter().map(|k| k.what.as_str()).collect();
    assert!(whats.contains(&"the metadata block"));
    assert!(whats.contains(&"the test \"who may enter\""));
    assert!(whats.contains(&"a comment"));
    let r = read(NORDIC);
    assert_eq!(
        r.form.eligibility.jurisdictions.allowed,
        ["SE", "FI", "NO", "DK"]
    );
    assert!(r
        .kept
        .iter()
        .any(|k| k.what == "the tournament \"world-spins-2024-12\""));
    assert!(r.problems.is_empty() && r.read_only.is_empty());
}

#[test]
fn an_unusual_condition_is_kept_and_its_fields_are_read_only() {
    let r = read(GLOBAL);
    let or = r
        .kept
        .iter()
        .find(|k| k.what.contains("wager.amount >= 1.00 EUR or"))
        .unwrap();
    assert_eq!(or.fields, [Field::MinBet, Field::MaxBet]);
    assert!(r.read_only.contains(&Field::MinBet));
    let mut form = r.form.clone();
    form.eligibility.min_bet = Some(Money {
        amount: "2.00".into(),
        currency: "EUR".into(),
    });
    assert_eq!(
        write(GLOBAL, &form),
        Err(FormError::ReadOnly {
            field: Field::MinBet
        })
    );
    // `wager.currency in (...)` speaks of no form field: the rest stays editable.
    let mut form = r.form;
    form.eligibility.categories = vec!["slots".into(), "table".into()];
    let out = written(GLOBAL, &form);
    let expected = GLOBAL.replacen(
        "game.category = \"slots\"",
        "game.category in (\"slots\", \"table\")",
        1,
    );
    assert_eq!(out, expected);
}

#[test]
fn excluded_jurisdictions_with_missing_ones_admitted_are_one_field() {
    let src = "tournament \"t\" {\n  eligible when {\n    player.jurisdiction is missing or player.jurisdiction not in (\"GB\", \"US\")\n  }\n}\n";
    let mut form = read(src).form;
    let j = &form.eligibility.jurisdictions;
    assert_eq!(
        (j.excluded.clone(), j.admit_missing),
        (vec!["GB".to_string(), "US".to_string()], true)
    );
    form.eligibility.jurisdictions.admit_missing = false;
    let out = written(src, &form);
    assert!(
        out.contains("    player.jurisdiction not in (\"GB\", \"US\")\n"),
        "{out}"
    );
}

#[test]
fn an_unchanged_form_writes_the_source_back_byte_for_byte() {
    for src in [VIP, HALLOWEEN, GLOBAL, NEW_YEAR, NORDIC, SLOTS] {
        assert_eq!(write(src, &read(src).form).unwrap(), src);
    }
}

#[test]
fn a_changed_title_changes_only_its_string() {
    let mut form = read(VIP).form;
    form.title = Some("VIP \"Winter\" High Roller".into());
    let out = written(VIP, &form);
    let expected = VIP.replacen(
        "\"VIP High Roller December\"",
        "\"VIP \\\"Winter\\\" High Roller\"",
        1,
    );
    assert_eq!(out, expected);
}

#[test]
fn removed_items_go_with_their_line_and_new_ones_take_their_canonical_place() {
    let mut form = read(VIP).form;
    form.eligibility.max_bet = None;
    form.eligibility.game_ids = vec!["slot-9".into()];
    form.schedule.prewarm = None;
    let out = written(VIP, &form);
    assert!(!out.contains("wager.amount <= 25000.00 EUR") && !out.contains("prewarm"));
    assert!(out.contains(
        "    game.category in (\"slots\", \"table\", \"live-casino\")\n    game.id = \"slot-9\"\n    wager.amount >= 100.00 EUR\n  }"
    ), "{out}");
    assert!(
        out.contains("  runs 2024-12-01T00:00:00Z .. 2025-01-01T00:00:00Z\n\n  eligible when {"),
        "{out}"
    );
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
}

#[test]
fn a_missing_block_is_inserted_before_the_tests() {
    let mut form = read(HALLOWEEN).form;
    form.scoring.points = Some("wager.amount * 2".into());
    form.scoring.currency = Some(Currency {
        code: "EUR".into(),
        rates: vec![Rate {
            code: "USD".into(),
            rate: "0.92".into(),
        }],
    });
    form.leaderboard.size = Some("50".into());
    form.schedule.prewarm = Some("30m".into());
    let out = written(HALLOWEEN, &form);
    let score = "  score {\n    points = wager.amount * 2\n    currency EUR {\n      USD 0.92\n    }\n  }\n";
    let at = out.find(score).unwrap();
    assert!(
        at > out.find("eligible when").unwrap() && at < out.find("test \"only").unwrap(),
        "{out}"
    );
    assert!(out.contains("  leaderboard {\n    size 50\n  }"), "{out}");
    assert!(
        out.contains("  runs 2024-10-31T00:00:00Z .. 2024-11-01T00:00:00Z\n  prewarm 30m\n"),
        "{out}"
    );
}

#[test]
fn emptied_blocks_are_removed_and_comments_stay() {
    let mut form = read(VIP).form;
    form.leaderboard.prizes.clear();
    form.scoring = Default::default();
    let out = written(VIP, &form);
    assert!(
        !out.contains("prizes {") && !out.contains("score {"),
        "{out}"
    );
    assert!(
        out.contains("  }\n\n  leaderboard {"),
        "one blank line is left: {out}"
    );
    assert!(out.contains("  leaderboard {\n    update realtime\n    ties first_to_reach, biggest_wager\n    size 25\n  }"));
    let mut form = read(GLOBAL).form;
    form.scoring.points = None;
    form.scoring.currency = None;
    let out = written(GLOBAL, &form);
    // The comment inside keeps the block.
    assert!(
        out.contains("  score {\n    // Ten points per euro staked.\n  }"),
        "{out}"
    );
}

#[test]
fn header_edits_rename_and_change_the_template() {
    let mut form = read(HALLOWEEN).form;
    form.id = "halloween-2025".into();
    form.from = None;
    let out = written(HALLOWEEN, &form);
    assert!(out.contains("tournament \"halloween-2025\" {\n"), "{out}");
    form.from = Some("high-roller".into());
    let out = written(&out, &form);
    assert!(out.contains("tournament \"halloween-2025\" from \"high-roller\" {\n"));
}

#[test]
fn hostile_text_cannot_add_an_item() {
    let mut form = read(VIP).form;
    form.operator = Some("x\"\n  operator \"evil".into());
    form.eligibility.segments = vec!["VIP\") or (wager.amount > 0".into()];
    let out = written(VIP, &form);
    assert_eq!(out.matches("\n  operator ").count(), 1);
    assert_eq!(read(&out).form.operator, form.operator);
    assert!(
        out.contains("    player.segment = \"VIP\\\") or (wager.amount > 0\"\n"),
        "{out}"
    );
}

#[test]
fn hostile_literals_are_refused_before_anything_is_written() {
    let base = read(VIP).form;
    let invalid = |f: &Form| matches!(write(VIP, f), Err(FormError::Invalid { .. }));
    let mut f = base.clone();
    f.scoring.points = Some("wager.amount\n  }\n  test \"t\" {".into());
    assert!(invalid(&f));
    let mut f = base.clone();
    f.scoring.points = Some("wager.amount // all".into());
    assert!(invalid(&f));
    let mut f = base.clone();
    f.scoring.multipliers[0].when = "player.segment = \"VIP\"\n    cap 1 per 1s".into();
    assert!(invalid(&f));
    let mut f = base.clone();
    f.eligibility.min_bet = Some(Money {
        amount: "1 EUR or true".into(),
        currency: "EUR".into(),
    });
    assert!(invalid(&f));
    let mut f = base.clone();
    f.schedule.prewarm = Some("1h\n  title \"x\"".into());
    assert!(invalid(&f));
    let mut f = base.clone();
    f.leaderboard.prizes.push(Prize {
        places: "11: \"x\"\n 12".into(),
        prize: PrizeValue::Text("y".into()),
    });
    assert!(invalid(&f));
    let mut f = base;
    f.leaderboard.ties = vec!["first_to_reach\n  size 1".into()];
    assert!(invalid(&f));
}

#[test]
fn a_source_that_does_not_parse_is_refused() {
    let src = "tournament \"t\" {\n  title \"x\"\n  this is not a rule\n}\n";
    let r = read(src);
    assert_eq!(r.form.title.as_deref(), Some("x"));
    assert!(!r.problems.is_empty());
    let mut form = r.form;
    form.title = Some("y".into());
    assert!(matches!(
        write(src, &form),
        Err(FormError::Unparsable { .. })
    ));
    assert_eq!(write("// nothing here\n", &form), Err(FormError::NoBlock));
}

#[test]
fn windows_line_breaks_are_kept() {
    let src = SLOTS.replace('\n', "\r\n");
    let mut form = read(&src).form;
    assert_eq!(write(&src, &form).unwrap(), src);
    form.leaderboard.update = Some("10s".into());
    form.eligibility.segments = vec!["VIP".into()];
    let out = written(&src, &form);
    assert!(
        out.contains("    update every 10s\r\n")
            && out.contains("    player.segment = \"VIP\"\r\n"),
        "{out}"
    );
    assert!(!out.replace("\r\n", "").contains('\n'));
}

#[test]
fn multipliers_caps_and_prizes_are_edited_by_position() {
    let mut form = read(VIP).form;
    form.scoring.multipliers.push(Multiplier {
        factor: "2".into(),
        when: "game.category = \"table\"".into(),
    });
    form.scoring.caps[0].per = "1d".into();
    form.leaderboard.prizes.truncate(1);
    form.leaderboard.prizes.push(Prize {
        places: "2..5".into(),
        prize: PrizeValue::Text("a badge".into()),
    });
    let out = written(VIP, &form);
    assert!(out.contains("    x1.5 when player.segment = \"VIP\"\n    x2 when game.category = \"table\"\n    aggregate sum\n    cap 1000 per 1d\n"), "{out}");
    assert!(
        out.contains("    prizes {\n      1: 2500.00 EUR\n      2..5: \"a badge\"\n    }"),
        "{out}"
    );
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
}

#[test]
fn a_comment_after_the_points_line_is_not_part_of_the_points() {
    let form = read(NEW_YEAR).form;
    assert_eq!(form.scoring.points.as_deref(), Some("wager.amount"));
    let mut edited = form.clone();
    edited.scoring.points = Some("wager.amount * 2".into());
    let out = written(NEW_YEAR, &edited);
    assert!(
        out.contains("    points = wager.amount * 2\n    // The last hour of the year"),
        "{out}"
    );
}
