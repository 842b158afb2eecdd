//! What every formatted file must satisfy, checked the same way for fixtures, edited
//! fixtures and generated files.

use serde_json::Value;
use tourney::diagnostics::Diagnostics;
use tourney::fmt::format_source;
use tourney::syntax::comments::comments;

/// The syntax tree of `source` as JSON, with every span erased.
///
/// A span serializes as an object with exactly the keys `start` and `end`, both numbers;
/// those objects become `null`. (Removing every `start` or `end` key would not do:
/// `runs` has `start` and `end` fields that hold the timestamps themselves.)
pub fn tree(source: &str) -> Value {
    let mut diags = Diagnostics::new();
    let file = tourney::syntax::parse(source, &mut diags);
    assert!(diags.is_empty(), "diagnostics for:\n{source}\n{diags:?}");
    let mut value = serde_json::to_value(&file).unwrap_or(Value::Null);
    assert!(!value.is_null(), "the tree did not serialize");
    erase_spans(&mut value);
    value
}

fn erase_spans(value: &mut Value) {
    if is_span(value) {
        *value = Value::Null;
        return;
    }
    match value {
        Value::Object(map) => map.values_mut().for_each(erase_spans),
        Value::Array(items) => items.iter_mut().for_each(erase_spans),
        _ => {}
    }
}

fn is_span(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let number = |key| map.get(key).is_some_and(Value::is_u64);
    map.len() == 2 && number("start") && number("end")
}

/// The text of every comment, in order.
pub fn comment_texts(source: &str) -> Vec<String> {
    comments(source).into_iter().map(|c| c.text).collect()
}

/// Formats `source` and checks the result: formatting it again changes nothing, it has
/// the same syntax tree, the same comments in the same order, and ends with one newline.
pub fn check_formatting(source: &str) -> String {
    let result = format_source(source);
    assert!(result.is_ok(), "refused:\n{source}\n{result:?}");
    let once = result.unwrap_or_default();
    let twice = format_source(&once).unwrap_or_default();
    assert_eq!(
        twice, once,
        "not idempotent; input:\n{source}\nfirst output:\n{once}"
    );
    assert!(
        tree(&once) == tree(source),
        "meaning changed; input:\n{source}\noutput:\n{once}"
    );
    assert_eq!(
        comment_texts(&once),
        comment_texts(source),
        "comments changed; input:\n{source}\noutput:\n{once}"
    );
    assert!(
        once.is_empty() || (once.ends_with('\n') && !once.ends_with("\n\n")),
        "output must end with exactly one newline:\n{once}"
    );
    once
}

#[test]
fn spans_are_erased_but_runs_timestamps_are_kept() {
    let a = tree("tournament \"t\" { runs 2024-01-01T00:00Z .. 2024-01-02T00:00Z }");
    let b = tree("tournament \"t\" {\n  runs 2024-01-01T00:00Z .. 2024-01-02T00:00Z\n}\n");
    let c = tree("tournament \"t\" { runs 2024-01-01T00:00Z .. 2024-01-03T00:00Z }");
    assert_eq!(a, b);
    assert_ne!(a, c);
}
