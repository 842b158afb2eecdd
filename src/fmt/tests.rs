//! Unit tests: small inputs and their exact formatted output.

use super::{format_source, is_formatted};

fn fmt(source: &str) -> String {
    let result = format_source(source);
    assert!(result.is_ok(), "refused: {result:?}");
    result.unwrap_or_default()
}

/// Formats `source`, compares with `expected` (written after a newline, for legibility)
/// and checks that formatting again changes nothing.
fn check(source: &str, expected: &str) {
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    let out = fmt(source);
    assert_eq!(
        out, expected,
        "\n--- got:\n{out}\n--- expected:\n{expected}"
    );
    assert_eq!(fmt(&out), out, "not idempotent");
}

#[test]
fn settings_are_one_per_line_with_single_spaces() {
    check(
        "tournament   \"t\"   from \"base\"{title\"T\" operator  \"op\"\n\tdescription \"d\" timezone \"Europe/Malta\"
         prewarm 030m runs 2024-11-15T00:00:00Z..2024-11-18T00:00:00+01:00 runs 2024-11-15T00:00 ..= 2024-11-16T00:00
         metadata{campaign \"bf\" team\n\"vip\"}}",
        r#"
tournament "t" from "base" {
  title "T"
  operator "op"
  description "d"
  timezone "Europe/Malta"
  prewarm 30m
  runs 2024-11-15T00:00:00Z .. 2024-11-18T00:00:00+01:00
  runs 2024-11-15T00:00 ..= 2024-11-16T00:00
  metadata {
    campaign "bf"
    team "vip"
  }
}
"#,
    );
}

#[test]
fn empty_blocks_print_as_braces() {
    check(
        r#"template "a" { } tournament "b" { metadata { } score {
        } }"#,
        r#"
template "a" {}

tournament "b" {
  metadata {}
  score {}
}
"#,
    );
}

#[test]
fn blank_lines_are_kept_once_between_items_only() {
    check(
        "\n\ntournament \"a\" {\n\n\n  title \"x\"\n\n\n\n  operator \"o\"\n  timezone \"UTC\"\n\n}\n\
         tournament \"b\" {}\n\n\n\n",
        r#"
tournament "a" {
  title "x"

  operator "o"
  timezone "UTC"
}

tournament "b" {}
"#,
    );
}

#[test]
fn conditions_get_parentheses_only_where_needed() {
    check(
        r#"tournament "t" { eligible when { (a = 1) and (b = 2 or c = 3) not (a = 1 and b=2)
        (a = 1 or b = 2) or c = 3  a = 1 and (b = 2 and c = 3)  not not x is present
        (not a = 1) and b = 2 or c = 3 } }"#,
        r#"
tournament "t" {
  eligible when {
    a = 1 and (b = 2 or c = 3)
    not (a = 1 and b = 2)
    (a = 1 or b = 2) or c = 3
    a = 1 and (b = 2 and c = 3)
    not not x is present
    not a = 1 and b = 2 or c = 3
  }
}
"#,
    );
}

#[test]
fn condition_forms() {
    check(
        r#"tournament "t" { eligible when { game.category in ("slots" , "live",) player.country not in("FR")
        wager.amount between 1.00 EUR and 10 EUR  wager.at not between 2024-11-15T00:00 and 2024-11-16T00:00
        bonus.id is missing  wager.amount >= -3.5 game.id!="x" } }"#,
        r#"
tournament "t" {
  eligible when {
    game.category in ("slots", "live")
    player.country not in ("FR")
    wager.amount between 1.00 EUR and 10 EUR
    wager.at not between 2024-11-15T00:00 and 2024-11-16T00:00
    bonus.id is missing
    wager.amount >= -3.5
    game.id != "x"
  }
}
"#,
    );
}

#[test]
fn any_and_all_blocks_nest() {
    check(
        r#"tournament "t" { eligible when { any { a = 1 all { b = 2 c = 3 } } and d = 4
        not any {} } score { x2 when all { a = 1 any { b = 2 } } } }"#,
        r#"
tournament "t" {
  eligible when {
    any {
      a = 1
      all {
        b = 2
        c = 3
      }
    } and d = 4
    not any {}
  }
  score {
    x2 when all {
      a = 1
      any {
        b = 2
      }
    }
  }
}
"#,
    );
}

#[test]
fn score_entries() {
    check(
        r#"tournament "t" { score { points=(wager.amount+1)*2-x/3 x1.5 when game.id = "g" only   wins
        aggregate max cap 5000 per 1h currency EUR currency EUR { USD 0.92 GBP  1.17 } currency USD { } } }"#,
        r#"
tournament "t" {
  score {
    points = (wager.amount + 1) * 2 - x / 3
    x1.5 when game.id = "g"
    only wins
    aggregate max
    cap 5000 per 1h
    currency EUR
    currency EUR {
      USD 0.92
      GBP 1.17
    }
    currency USD {}
  }
}
"#,
    );
}

#[test]
fn a_brace_in_a_comment_is_not_a_rate_block() {
    check(
        "tournament \"t\" { score { currency EUR // {\n } }",
        r#"
tournament "t" {
  score {
    currency EUR  // {
  }
}
"#,
    );
}

#[test]
fn leaderboard_entries() {
    check(
        r#"tournament "t" { leaderboard { update realtime update every 10s ties first_to_reach ,most_wagers
        size 100 prizes { 1 : "€1,000" 2 .. 3: "€250" top 10: 5 EUR top 5 %: "a \"b\"" } } }"#,
        r#"
tournament "t" {
  leaderboard {
    update realtime
    update every 10s
    ties first_to_reach, most_wagers
    size 100
    prizes {
      1: "€1,000"
      2..3: "€250"
      top 10: 5 EUR
      top 5%: "a \"b\""
    }
  }
}
"#,
    );
}

#[test]
fn visibility_and_display_print_canonically() {
    check(
        r#"tournament "t" { leaderboard { size 10 visibility   private display   name public
        visibility secret display nickname } }"#,
        r#"
tournament "t" {
  leaderboard {
    size 10
    private
    display name
    public
    visibility secret
    display nickname
  }
}
"#,
    );
}

#[test]
fn test_blocks_keep_wagers_on_one_line() {
    check(
        r#"tournament "t" { test "counts" { wager "w1" {
          player "p1"
          amount 10.00 EUR
          at 2024-11-15T00:00Z }
        wager "w2" { } expect eligible "w1" expect ineligible "w2" expect score "p1" = 40
        expect rank "p1"=1 expect prize "p1" = "€1,000" expect prize "p3" = 10 EUR expect no prize "p2" } }"#,
        r#"
tournament "t" {
  test "counts" {
    wager "w1" { player "p1"  amount 10.00 EUR  at 2024-11-15T00:00Z }
    wager "w2" {}
    expect eligible "w1"
    expect ineligible "w2"
    expect score "p1" = 40
    expect rank "p1" = 1
    expect prize "p1" = "€1,000"
    expect prize "p3" = 10 EUR
    expect no prize "p2"
  }
}
"#,
    );
}

#[test]
fn strings_are_escaped_canonically() {
    check(
        "tournament \"a\\u{22}b\" { title \"tab\tcr\r\\u{1b}\\u{e9}\\n\\\\\" }",
        r#"
tournament "a\"b" {
  title "tab\tcr\r\u{1b}é\n\\"
}
"#,
    );
}

#[test]
fn comments_before_after_and_inside_items() {
    check(
        r#"// header

/* about t */
tournament "t" { // opens
  // before title
  title "x" // after title

  // before the brace
} // after the block
// the end
"#,
        r#"
// header

/* about t */
tournament "t" {  // opens
  // before title
  title "x"  // after title

  // before the brace
}  // after the block
// the end
"#,
    );
}

#[test]
fn comments_inside_one_line_constructs_move_to_the_end_of_the_line() {
    check(
        r#"tournament /* a */ "t" { title /* b */ "x" prewarm
        // c
        30m test "w" { wager "w1" { amount /* d */ 1 // e
        /* f */ } } }"#,
        r#"
tournament "t" {  /* a */
  title "x"  /* b */
  prewarm 30m  // c
  test "w" {
    wager "w1" { amount 1 }  /* d */  // e
    /* f */
  }
}
"#,
    );
}

#[test]
fn comments_in_multi_line_conditions_stay_in_place() {
    check(
        r#"tournament "t" { eligible when {
          a = 1 // one
          and any { // any
            b = 2 /* two */
            // last
          } // closed
        } }"#,
        r#"
tournament "t" {
  eligible when {
    a = 1 and any {  // one
      // any
      b = 2  /* two */
      // last
    }  // closed
  }
}
"#,
    );
}

#[test]
fn block_comments_are_verbatim() {
    check(
        "tournament \"t\" {\n    /* line one\n       line two */\n  title \"x\" /* a\n b */\n}",
        "tournament \"t\" {\n  /* line one\n       line two */\n  title \"x\"  /* a\n b */\n}\n",
    );
}

#[test]
fn comments_written_on_one_line_stay_on_one_line() {
    check(
        "tournament \"t\" {\n  /* a */   /* b */ // c\n  /* d */ title \"x\"\n}\n",
        "tournament \"t\" {\n  /* a */ /* b */ // c\n  /* d */\n  title \"x\"\n}\n",
    );
}

#[test]
fn crlf_line_endings_become_newlines() {
    check(
        "// top\r\ntournament \"t\" {\r\n  title \"x\" // c\r\n\r\n  operator \"o\"\r\n}\r\n",
        "// top\ntournament \"t\" {\n  title \"x\"  // c\n\n  operator \"o\"\n}\n",
    );
}

#[test]
fn comment_only_and_empty_files() {
    check("", "");
    check(" \n\n\t\n", "");
    check(
        "// only\n\n\n/* a comment */   ",
        "// only\n\n/* a comment */\n",
    );
}

#[test]
fn files_with_syntax_errors_are_refused() {
    for source in [
        r#"tournament "t" { titel "x" }"#,
        r#"nonsense tournament "t" {}"#,
        r#"tournament "t" { score { points = } }"#,
        r#"tournament "t" { title "\u{d800}" }"#,
        r#"tournament "t" { leaderboard { prizes { first: "x" } } }"#,
        r#"tournament "t" { test "x" { wager "w" { amount } } }"#,
        r#"tournament "t" {"#,
    ] {
        let err = format_source(source).err();
        assert!(
            err.as_ref().is_some_and(|e| !e.diagnostics.is_empty()),
            "accepted: {source}"
        );
        assert!(is_formatted(source).is_err());
    }
}

#[test]
fn is_formatted_tells_canonical_text() {
    assert_eq!(
        is_formatted("tournament \"t\" {\n  title \"x\"\n}\n").ok(),
        Some(true)
    );
    assert_eq!(
        is_formatted("tournament \"t\" { title \"x\" }").ok(),
        Some(false)
    );
    assert_eq!(
        is_formatted("tournament \"t\" {\n  title \"x\"\n}\n\n").ok(),
        Some(false)
    );
}
