//! Generators of hostile `.tourney` sources, built at test or bench time: deep nesting,
//! long flat expressions and lists, and files with very many lines or tests.

#![allow(dead_code)] // reason: each test file and bench uses its own subset

/// A valid tournament with `eligible` lines, a points expression and extra tests.
pub fn tournament(eligible: &str, points: &str, tests: &str) -> String {
    format!(
        r#"tournament "hostile" {{
  title "Hostile"
  operator "operator-1"
  runs 2024-11-15T00:00Z .. 2024-11-18T00:00Z

  eligible when {{
    game.category = "slots"
    wager.currency = "EUR"
{eligible}
  }}

  score {{
    points = {points}
  }}
{tests}}}
"#
    )
}

/// `n` parentheses around one comparison.
pub fn nested_parens(n: usize) -> String {
    let eligible = format!("    {}wager.amount > 1 EUR{}", "(".repeat(n), ")".repeat(n));
    tournament(&eligible, "wager.amount", "")
}

/// `n` nested `any { }` groups around one comparison.
pub fn nested_any(n: usize) -> String {
    let eligible = format!(
        "    {}wager.amount > 1 EUR{}",
        "any { ".repeat(n),
        " }".repeat(n)
    );
    tournament(&eligible, "wager.amount", "")
}

/// `n` nested groups alternating `or` and `and`, which ksqlDB's filter nests as deep.
pub fn nested_or_and(n: usize) -> String {
    let mut cond = String::from("wager.amount > 1 EUR");
    for i in 0..n {
        cond = if i % 2 == 0 {
            format!("(game.id = \"g{i}\" or {cond})")
        } else {
            format!("(player.segment != \"s{i}\" and {cond})")
        };
    }
    tournament(&format!("    {cond}"), "wager.amount", "")
}

/// `n` `not`s before one comparison.
pub fn nested_not(n: usize) -> String {
    let eligible = format!("    {}wager.amount > 1 EUR", "not ".repeat(n));
    tournament(&eligible, "wager.amount", "")
}

/// A points expression inside `n` parentheses.
pub fn nested_points(n: usize) -> String {
    let points = format!("{}wager.amount{}", "(".repeat(n), ")".repeat(n));
    tournament("", &points, "")
}

/// `points = wager.amount + 1 + 1 + ...` with `n` additions.
pub fn flat_points(n: usize) -> String {
    let mut points = String::from("wager.amount");
    for _ in 0..n {
        points.push_str(" + 1");
    }
    tournament("", &points, "")
}

/// `ors` lines of two alternatives each, then `plain` lines of one comparison each.
pub fn or_lines(ors: usize, plain: usize) -> String {
    let mut eligible = String::new();
    for i in 0..ors {
        eligible.push_str(&format!(
            "    game.id != \"a{i}\" or player.segment != \"b{i}\"\n"
        ));
    }
    for i in 0..plain {
        eligible.push_str(&format!("    player.id != \"p{i}\"\n"));
    }
    tournament(&eligible, "wager.amount", "")
}

/// One `in (...)` list of `n` distinct values.
pub fn in_list(n: usize) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("\"p{i}\"")).collect();
    let eligible = format!("    player.id in ({})", values.join(", "));
    tournament(&eligible, "wager.amount", "")
}

/// `n` inline tests of one wager each.
pub fn many_tests(n: usize) -> String {
    let mut tests = String::new();
    for i in 0..n {
        tests.push_str(&format!(
            "\n  test \"t{i}\" {{\n    wager \"w{i}\" {{ player \"p{i}\" game \"g\" category \"slots\" amount 1.00 EUR at 2024-11-16T12:00Z }}\n    expect eligible \"w{i}\"\n  }}\n"
        ));
    }
    tournament("", "wager.amount", &tests)
}
