//! Unit tests: small inputs and their exact formatted output.

use super::{format_source, is_formatted};

fn fmt(source: &str) -> String {
    let result = format_source(source);
    assert!(result.is_ok(), "refused: {result:?}");
    result.unwrap_or_default()
}

/// Formats `source`, checks the result, and checks that formatting it again changes nothing.
fn check(source: &str, expected: &str) {
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
        "tournament   \"t\"   from \"base\"{title\"T\" operator  \"op\"\n\tdescription \"d\" timezone \"Europe/Malta\"\n\
         prewarm 030m runs 2024-11-15T00:00:00Z..2024-11-18T00:00:00+01:00 runs 2024-11-15T00:00 ..= 2024-11-16T00:00\n\
         metadata{campaign \"bf\" team\n\"vip\"}}",
        "tournament \"t\" from \"base\" {\n  title \"T\"\n  operator \"op\"\n  description \"d\"\n  \
         timezone \"Europe/Malta\"\n  prewarm 30m\n  runs 2024-11-15T00:00:00Z .. 2024-11-18T00:00:00+01:00\n  \
         runs 2024-11-15T00:00 ..= 2024-11-16T00:00\n  metadata {\n    campaign \"bf\"\n    team \"vip\"\n  }\n}\n",
    );
}

#[test]
fn empty_blocks_print_as_braces() {
    check(
        "template \"a\" { }\ntournament \"b\" { metadata { } score {\n} }",
        "template \"a\" {}\n\ntournament \"b\" {\n  metadata {}\n  score {}\n}\n",
    );
}

#[test]
fn blank_lines_are_kept_once_between_items_only() {
    check(
        "\n\ntournament \"a\" {\n\n\n  title \"x\"\n\n\n\n  operator \"o\"\n  timezone \"UTC\"\n\n}\ntournament \"b\" {}\n\n\n\n",
        "tournament \"a\" {\n  title \"x\"\n\n  operator \"o\"\n  timezone \"UTC\"\n}\n\ntournament \"b\" {}\n",
    );
}

#[test]
fn conditions_get_parentheses_only_where_needed() {
    check(
        "tournament \"t\" { eligible when { (a = 1) and (b = 2 or c = 3)\n not (a = 1 and b=2)\n\
         (a = 1 or b = 2) or c = 3\n a = 1 and (b = 2 and c = 3)\n not not x is present\n\
         (not a = 1) and b = 2 or c = 3 } }",
        "tournament \"t\" {\n  eligible when {\n    a = 1 and (b = 2 or c = 3)\n    not (a = 1 and b = 2)\n    \
         (a = 1 or b = 2) or c = 3\n    a = 1 and (b = 2 and c = 3)\n    not not x is present\n    \
         not a = 1 and b = 2 or c = 3\n  }\n}\n",
    );
}

#[test]
fn condition_forms() {
    check(
        "tournament \"t\" { eligible when { game.category in (\"slots\" , \"live\",) player.country not in(\"FR\")\n\
         wager.amount between 1.00 EUR and 10 EUR  wager.placed_at not between 2024-11-15T00:00 and 2024-11-16T00:00\n\
         bonus.id is missing  wager.amount >= -3.5 game.id!=\"x\" } }",
        "tournament \"t\" {\n  eligible when {\n    game.category in (\"slots\", \"live\")\n    player.country not in (\"FR\")\n    \
         wager.amount between 1.00 EUR and 10 EUR\n    wager.placed_at not between 2024-11-15T00:00 and 2024-11-16T00:00\n    \
         bonus.id is missing\n    wager.amount >= -3.5\n    game.id != \"x\"\n  }\n}\n",
    );
}

#[test]
fn any_and_all_blocks_nest() {
    check(
        "tournament \"t\" { eligible when { any { a = 1 all { b = 2 c = 3 } } and d = 4\n not any {} } \
         score { x2 when all { a = 1 any { b = 2 } } } }",
        "tournament \"t\" {\n  eligible when {\n    any {\n      a = 1\n      all {\n        b = 2\n        c = 3\n      }\n    \
         } and d = 4\n    not any {}\n  }\n  score {\n    x2 when all {\n      a = 1\n      any {\n        b = 2\n      }\n    \
         }\n  }\n}\n",
    );
}

#[test]
fn score_entries() {
    check(
        "tournament \"t\" { score { points=(wager.amount+1)*2-x/3 x1.5 when game.id = \"g\" only   wins aggregate max \
         cap 5000 per 1h currency EUR currency EUR { USD 0.92 GBP  1.17 } currency USD { } } }",
        "tournament \"t\" {\n  score {\n    points = (wager.amount + 1) * 2 - x / 3\n    x1.5 when game.id = \"g\"\n    \
         only wins\n    aggregate max\n    cap 5000 per 1h\n    currency EUR\n    currency EUR {\n      USD 0.92\n      GBP 1.17\n    \
         }\n    currency USD {}\n  }\n}\n",
    );
}

#[test]
fn a_brace_in_a_comment_is_not_a_rate_block() {
    check(
        "tournament \"t\" { score { currency EUR // {\n } }",
        "tournament \"t\" {\n  score {\n    currency EUR  // {\n  }\n}\n",
    );
}

#[test]
fn leaderboard_entries() {
    check(
        "tournament \"t\" { leaderboard { update realtime update every 10s ties first_to_reach ,most_wagers size 100 \
         prizes { 1 : \"€1,000\" 2 .. 3: \"€250\" top 10: 5 EUR top 5 %: \"a \\\"b\\\"\" } } }",
        "tournament \"t\" {\n  leaderboard {\n    update realtime\n    update every 10s\n    ties first_to_reach, most_wagers\n    \
         size 100\n    prizes {\n      1: \"€1,000\"\n      2..3: \"€250\"\n      top 10: 5 EUR\n      top 5%: \"a \\\"b\\\"\"\n    \
         }\n  }\n}\n",
    );
}

#[test]
fn test_blocks_keep_wagers_on_one_line() {
    check(
        "tournament \"t\" { test \"counts\" { wager \"w1\" {\n player \"p1\"\n amount 10.00 EUR\n at 2024-11-15T00:00Z }\n\
         wager \"w2\" { } expect eligible \"w1\" expect ineligible \"w2\" expect score \"p1\" = 40 expect rank \"p1\"=1 \
         expect prize \"p1\" = \"€1,000\" expect prize \"p3\" = 10 EUR expect no prize \"p2\" } }",
        "tournament \"t\" {\n  test \"counts\" {\n    wager \"w1\" { player \"p1\"  amount 10.00 EUR  at 2024-11-15T00:00Z }\n    \
         wager \"w2\" {}\n    expect eligible \"w1\"\n    expect ineligible \"w2\"\n    expect score \"p1\" = 40\n    \
         expect rank \"p1\" = 1\n    expect prize \"p1\" = \"€1,000\"\n    expect prize \"p3\" = 10 EUR\n    \
         expect no prize \"p2\"\n  }\n}\n",
    );
}

#[test]
fn strings_are_escaped_canonically() {
    check(
        "tournament \"a\\u{22}b\" { title \"tab\tcr\r\\u{1b}\\u{e9}\\n\\\\\" }",
        "tournament \"a\\\"b\" {\n  title \"tab\\tcr\\r\\u{1b}é\\n\\\\\"\n}\n",
    );
}

#[test]
fn comments_before_after_and_inside_items() {
    check(
        "// header\n\n/* about t */\ntournament \"t\" { // opens\n  // before title\n  title \"x\" // after title\n\
         \n  // before the brace\n} // after the block\n// the end\n",
        "// header\n\n/* about t */\ntournament \"t\" {  // opens\n  // before title\n  title \"x\"  // after title\n\
         \n  // before the brace\n}  // after the block\n// the end\n",
    );
}

#[test]
fn comments_inside_one_line_constructs_move_to_the_end_of_the_line() {
    check(
        "tournament /* a */ \"t\" { title /* b */ \"x\" prewarm\n// c\n 30m\n test \"w\" { wager \"w1\" { amount /* d */ 1 // e\n \
         /* f */ } } }",
        "tournament \"t\" {  /* a */\n  title \"x\"  /* b */\n  prewarm 30m  // c\n  test \"w\" {\n    \
         wager \"w1\" { amount 1 }  /* d */  // e\n    /* f */\n  }\n}\n",
    );
}

#[test]
fn comments_in_multi_line_conditions_stay_in_place() {
    check(
        "tournament \"t\" { eligible when {\n a = 1 // one\n and any { // any\n b = 2 /* two */\n // last\n } // closed\n } }",
        "tournament \"t\" {\n  eligible when {\n    a = 1 and any {  // one\n      // any\n      b = 2  /* two */\n      \
         // last\n    }  // closed\n  }\n}\n",
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
        "tournament \"t\" { titel \"x\" }",
        "nonsense\ntournament \"t\" {}",
        "tournament \"t\" { score { points = } }",
        "tournament \"t\" { title \"\\u{d800}\" }",
        "tournament \"t\" { leaderboard { prizes { first: \"x\" } } }",
        "tournament \"t\" { test \"x\" { wager \"w\" { amount } } }",
        "tournament \"t\" {",
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
