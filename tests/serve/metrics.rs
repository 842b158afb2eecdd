//! `/metrics` is Prometheus text that counts what the pipeline saw.

use super::harness::{two_operators, Api};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tourney::serve::Metrics;

/// Parses the exposition format strictly enough to catch a broken line: every sample
/// belongs to a family declared with HELP and TYPE before it. Returns samples by
/// `name{labels}`.
fn parse(text: &str) -> HashMap<String, f64> {
    let mut declared: HashMap<String, String> = HashMap::new();
    let mut helped: HashSet<String> = HashSet::new();
    let mut samples = HashMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, help) = rest.split_once(' ').expect("HELP name text");
            assert!(!help.is_empty());
            helped.insert(name.to_string());
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(
                ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                "{line}"
            );
            assert!(helped.contains(name), "HELP before TYPE: {line}");
            declared.insert(name.to_string(), kind.to_string());
        } else {
            let (series, value) = line.rsplit_once(' ').expect("sample: series value");
            let value: f64 = value.parse().expect("a number");
            let name = series.split('{').next().unwrap();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
                "{line}"
            );
            if let Some(labels) = series.strip_prefix(name) {
                if !labels.is_empty() {
                    assert!(labels.starts_with('{') && labels.ends_with('}'), "{line}");
                }
            }
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| {
                    name.strip_suffix(s)
                        .filter(|f| declared.get(*f).is_some_and(|k| k == "histogram"))
                })
                .unwrap_or(name);
            assert!(declared.contains_key(family), "no TYPE for {line}");
            samples.insert(series.to_string(), value);
        }
    }
    samples
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_parse_and_count_events() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    metrics.set_consumer_lag("tournament.eligible.race", 3, 42);
    let api = Api::start(registry, metrics).await;
    let (status, text) = api.text("/metrics").await;
    assert_eq!(status, 200);
    let s = parse(&text);
    let get = |k: &str| *s.get(k).unwrap_or_else(|| panic!("no {k} in\n{text}"));
    // Seven wagers reach three tournaments: 5 + 2 + 2 counted, the rest ineligible.
    assert_eq!(get("tourney_events_total{outcome=\"counted\"}"), 9.0);
    assert_eq!(get("tourney_events_total{outcome=\"ineligible\"}"), 12.0);
    assert_eq!(get("tourney_events_total{outcome=\"malformed\"}"), 1.0);
    assert_eq!(get("tourney_dead_letters_total{reason=\"bad_json\"}"), 1.0);
    assert_eq!(
        get("tourney_players{operator=\"operator-a\",tournament=\"race\"}"),
        5.0
    );
    assert_eq!(
        get("tourney_consumer_lag{topic=\"tournament.eligible.race\",partition=\"3\"}"),
        42.0
    );
    let changes = get("tourney_position_changes_total");
    assert!(changes >= 9.0, "every counted first wager enters the board");
    assert_eq!(
        get("tourney_event_to_change_seconds_count"),
        get("tourney_event_to_change_seconds_bucket{le=\"+Inf\"}")
    );
    assert_eq!(get("tourney_event_to_change_seconds_count"), changes);
}
