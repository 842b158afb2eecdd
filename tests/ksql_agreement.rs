#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Production agrees with the checker and the dry-run. What ksqlDB or Kafka would
//! refuse at deploy is refused by the checker, at the value: topic names that collide
//! on `.` versus `_` (T0702), control characters in text (T0009), and the sizes ksqlDB
//! compiles (T0210, T0211, T0212); no compiled `.sql` file carries a raw control
//! character. The dry-run reads events as the deployed query does.

use assert_cmd::cargo::cargo_bin_cmd;
use tourney::check::{check_project, CheckedProject, Project};
use tourney::diagnostics::{Code, Diagnostic};

fn tournament(id: &str, operator: &str, condition: &str) -> String {
    format!(
        r#"tournament "{id}" {{
  title "Agreement"
  operator "{operator}"
  runs 2024-11-15T00:00:00Z .. 2024-11-18T00:00:00Z
  eligible when {{
    {condition}
  }}
  score {{
    points = wager.amount
    currency EUR
  }}
}}
"#
    )
}

fn check(files: &[(&str, String)]) -> (Project, CheckedProject) {
    let mut project = Project::new();
    for (name, text) in files {
        project.add_file(*name, text.clone());
    }
    let checked = check_project(&project);
    (project, checked)
}

fn codes(checked: &CheckedProject) -> Vec<Code> {
    checked.diagnostics.iter().map(|d| d.code).collect()
}

fn only(checked: &CheckedProject, code: Code) -> &Diagnostic {
    assert_eq!(codes(checked), vec![code], "{:#?}", checked.diagnostics);
    &checked.diagnostics[0]
}

#[test]
fn topic_names_colliding_across_files_and_operators_are_refused_at_both_ids() {
    let a = tournament("c", "a_b", "wager.currency = \"EUR\"");
    let b = tournament("b_c", "a", "wager.currency = \"EUR\"");
    let (project, checked) = check(&[("one.tourney", a), ("two.tourney", b)]);
    let d = only(&checked, Code::TopicCollision);
    assert!(
        d.message.contains("tournament.eligible.a.b_c")
            && d.message.contains("tournament.eligible.a_b.c"),
        "{}",
        d.message
    );
    let files: Vec<_> = d.labels.iter().map(|l| l.file.or(d.file)).collect();
    assert_eq!(files.len(), 2);
    assert_ne!(files[0], files[1], "one label in each file");
    for label in &d.labels {
        let file = project.sources.get(label.file.or(d.file).unwrap()).unwrap();
        let text = &file.text[label.span.start..label.span.end];
        assert!(text == "\"c\"" || text == "\"b_c\"", "{text}");
    }
}

#[test]
fn names_that_differ_otherwise_do_not_collide() {
    let cond = "wager.currency = \"EUR\"";
    let (_, checked) = check(&[(
        "t.tourney",
        [
            tournament("weekend-slots", "op", cond),
            tournament("weekend_slots", "op", cond),
            tournament("x", "op-2", cond),
            tournament("other", "op", cond),
        ]
        .concat(),
    )]);
    assert_eq!(codes(&checked), vec![], "{:#?}", checked.diagnostics);
}

#[test]
fn control_characters_in_text_are_refused_at_the_value() {
    for escape in [
        "\\n", "\\r", "\\r\\n", "\\u{0}", "\\t", "\\u{7f}", "\\u{85}", "\u{1}",
    ] {
        let value = format!("\"slots{escape}\"");
        for condition in [
            format!("game.category = {value}"),
            format!("game.id in (\"a\", {value})"),
        ] {
            let text = tournament("t", "op", &condition);
            let (_, checked) = check(&[("t.tourney", text.clone())]);
            let d = only(&checked, Code::ControlCharacter);
            let span = d.labels[0].span;
            assert_eq!(&text[span.start..span.end], value, "{condition}");
        }
    }
}

#[test]
fn limits_hold_in_multiplier_conditions_too() {
    let text = tournament("t", "op", "wager.currency = \"EUR\"").replace(
        "points = wager.amount",
        "points = wager.amount\n    x2 when game.id = \"a\\nb\"",
    );
    let (_, checked) = check(&[("t.tourney", text)]);
    only(&checked, Code::ControlCharacter);
}

fn list(n: usize) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("\"g{i}\"")).collect();
    format!("game.id in ({})", values.join(", "))
}

#[test]
fn in_lists_are_limited_to_a_thousand_values() {
    let (_, ok) = check(&[("t.tourney", tournament("t", "op", &list(1000)))]);
    assert_eq!(codes(&ok), vec![]);
    let text = tournament("t", "op", &list(1001));
    let (_, checked) = check(&[("t.tourney", text.clone())]);
    let d = only(&checked, Code::InListTooLong);
    assert!(text[d.labels[0].span.start..].starts_with("game.id in ("));
}

#[test]
fn text_values_are_limited_to_4096_bytes() {
    let at_limit = format!("game.id = \"{}\"", "é".repeat(2048));
    let (_, ok) = check(&[("t.tourney", tournament("t", "op", &at_limit))]);
    assert_eq!(codes(&ok), vec![]);
    let over = format!("game.id = \"{}x\"", "é".repeat(2048));
    let (_, checked) = check(&[("t.tourney", tournament("t", "op", &over))]);
    only(&checked, Code::TextTooLong);
}

#[test]
fn all_conditions_together_are_limited() {
    let two = format!(
        "{}\n    {}",
        list(1000),
        list(999).replace("game.id", "game.category")
    );
    let (_, ok) = check(&[("t.tourney", tournament("t", "op", &two))]);
    assert_eq!(codes(&ok), vec![], "1,999 values are allowed");
    let three = format!("{two}\n    player.segment = \"vip\"\n    player.jurisdiction = \"MT\"");
    let (_, checked) = check(&[("t.tourney", tournament("t", "op", &three))]);
    only(&checked, Code::WhereTooLarge);
}

#[test]
fn compiled_sql_files_have_one_partition_and_no_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tourney");
    std::fs::write(&bad, tournament("t", "op", "game.category = \"a\\r\\nb\"")).unwrap();
    let out = dir.path().join("out");
    cargo_bin_cmd!("tourney")
        .arg("compile")
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicates::str::contains("T0009"));
    assert!(!out.join("op.t.sql").exists());

    // Every example and corpus case compiles to `.sql` files free of control
    // characters but the layout's line feeds, and none inside a literal.
    let mut inputs = Vec::new();
    for dir in ["examples/tournaments", "tests/corpus"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "tourney") {
                inputs.push(path);
            }
        }
    }
    assert!(inputs.len() > 5);
    cargo_bin_cmd!("tourney")
        .arg("compile")
        .args(&inputs)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut seen = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sql") {
            let sql = std::fs::read_to_string(&path).unwrap();
            if path.file_name().is_some_and(|n| n != "source.sql") {
                // The eligible topic always has one partition: the worker refuses more.
                assert!(
                    sql.contains(", PARTITIONS=1)\n"),
                    "{}:\n{sql}",
                    path.display()
                );
            }
            let bad = sql.chars().find(|c| c.is_control() && *c != '\n');
            assert_eq!(bad, None, "{}", path.display());
            for (i, literal) in sql.split('\'').enumerate() {
                if i % 2 == 1 {
                    assert!(!literal.contains('\n'), "{}: {literal:?}", path.display());
                }
            }
            seen += 1;
        }
    }
    assert!(seen > 5, "{seen} .sql files");
}

#[test]
fn the_dry_run_counts_the_events_the_deployed_query_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.tourney");
    std::fs::write(&file, tournament("t", "op", "game.category = \"slots\"")).unwrap();
    let line = |id: &str, player: &str, amount: &str, time: &str| {
        format!(
            r#"{{"wagerId":"{id}",{player},"operatorId":"op","gameCategory":"slots","wagerAmount":{amount},"currency":"EUR","timestamp":"{time}"}}"#
        )
    };
    let t = "2024-11-15T10:00:00";
    let lines = [
        // Read by ksqlDB: any case of a key, a number in a text field, 6 digits.
        line("w1", r#""PlayerID":"p1""#, "10", &format!("{t}Z")),
        line("w2", r#""playerId":12345"#, "10", &format!("{t}Z")),
        line("w3", r#""PLAYERID":"p3""#, "10", &format!("{t}.123456Z")),
        // Dropped by ksqlDB: a space for the T, a leap second, 29 decimals.
        line("w4", r#""playerId":"p4""#, "10", "2024-11-15 10:00:00Z"),
        line("w5", r#""playerId":"p5""#, "10", "2024-11-15T10:00:60Z"),
        line(
            "w6",
            r#""playerId":"p6""#,
            "0.99999999999999999999999999999",
            &format!("{t}Z"),
        ),
    ];
    let events = dir.path().join("events.ndjson");
    std::fs::write(&events, lines.join("\n") + "\n").unwrap();
    let out = cargo_bin_cmd!("tourney")
        .arg("dry-run")
        .arg(&file)
        .args(["--format", "json", "--events"])
        .arg(&events)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["summary"]["counted"], 3, "{r:#}");
    assert_eq!(r["summary"]["malformed"], 3, "{r:#}");
    let mut players: Vec<&str> = r["board"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["player_id"].as_str().unwrap())
        .collect();
    players.sort_unstable();
    assert_eq!(players, ["12345", "p1", "p3"]);
}
