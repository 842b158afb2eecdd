//! Drift: how a deployed stream differs from the compiled one in what it computes.
//!
//! For a tournament's stream: the query's source and projection, every `WITH`
//! property the compiled statement gives (topic, value format, partitions, timestamp
//! settings) and those it leaves out but the server would not add, and the stream's
//! own description (topic, key and value formats, partitions, timestamp column),
//! which shows a stream declared again by hand whatever its query's text says. The
//! filter is compared by [`super::normalize::same`]; the query state by the plan.
//!
//! For the shared source stream `WAGER_EVENTS`: its columns and their types, topic,
//! value format, timestamp column and timestamp format.

use super::shape::{differences, shape};
use super::state::{Cluster, Stream};
use crate::emit::names::topic_collision_key;

/// What differs between the compiled CSAS `compiled` and the deployed stream
/// (`stream`, written by a query whose text is `query`). `source` is the deployed
/// source stream, whose key format a CSAS inherits.
pub fn stream_drift(
    compiled: &str,
    query: &str,
    stream: &Stream,
    source: Option<&Stream>,
) -> Vec<String> {
    let want = shape(compiled);
    let mut out = differences(&want, &shape(query));
    let mut described = Vec::new();
    let get = |k: &str| want.with.get(k).cloned();
    described.push(("topic", get("KAFKA_TOPIC"), Some(stream.topic.clone())));
    described.push((
        "value format",
        get("VALUE_FORMAT"),
        Some(stream.value_format.to_ascii_uppercase()),
    ));
    let key_format = get("KEY_FORMAT").or_else(|| source.map(|s| s.key_format.clone()));
    described.push((
        "key format",
        key_format,
        Some(stream.key_format.to_ascii_uppercase()),
    ));
    if let Some(p) = get("PARTITIONS") {
        described.push((
            "partitions",
            Some(p),
            stream.partitions.map(|n| n.to_string()),
        ));
    }
    described.push((
        "timestamp column",
        Some(get("TIMESTAMP").unwrap_or_default()),
        Some(stream.timestamp.to_ascii_uppercase()),
    ));
    for (what, want, got) in described {
        if let (Some(w), Some(g)) = (want, got) {
            if !w.eq_ignore_ascii_case(&g) {
                out.push(format!("the stream's {what} is `{g}`, the file's is `{w}`"));
            }
        }
    }
    out.dedup();
    out
}

/// What differs between the compiled declaration of the source stream and the
/// deployed one.
pub fn source_drift(compiled: &str, deployed: &Stream) -> Vec<String> {
    let want = shape(compiled);
    let got = shape(&deployed.statement);
    let mut out = Vec::new();
    if want.columns != got.columns && !lacks_only_later_columns(&want.columns, &got.columns) {
        out.extend(differences(
            &columns_only(&want.columns),
            &columns_only(&got.columns),
        ));
    }
    let get = |k: &str| want.with.get(k).cloned().unwrap_or_default();
    let pairs = [
        ("topic", get("KAFKA_TOPIC"), deployed.topic.clone()),
        (
            "value format",
            get("VALUE_FORMAT"),
            deployed.value_format.clone(),
        ),
        (
            "timestamp column",
            get("TIMESTAMP"),
            deployed.timestamp.clone(),
        ),
        (
            "timestamp format",
            get("TIMESTAMP_FORMAT"),
            got.with
                .get("TIMESTAMP_FORMAT")
                .cloned()
                .unwrap_or_default(),
        ),
    ];
    for (what, want, got) in pairs {
        let same = if what == "timestamp format" || what == "topic" {
            want == got
        } else {
            want.eq_ignore_ascii_case(&got)
        };
        if !same {
            let got = if got.is_empty() {
                "not set".into()
            } else {
                format!("`{got}`")
            };
            out.push(format!("its {what} is {got}, the compiler's is `{want}`"));
        }
    }
    out
}

/// Columns added at the end of the source stream after it was first released. A
/// source stream declared before them is not drift: records read through it lack
/// those values, which nothing but the display uses (`PLAYERNAME`: the names shown
/// under `display name`; players are shown by masked id until it is declared again).
pub const LATER_SOURCE_COLUMNS: &[&str] = &["PLAYERNAME"];

/// Whether `deployed` is `compiled` without some of its trailing later columns.
fn lacks_only_later_columns(compiled: &[(String, String)], deployed: &[(String, String)]) -> bool {
    deployed.len() < compiled.len()
        && compiled.starts_with(deployed)
        && compiled
            .get(deployed.len()..)
            .unwrap_or_default()
            .iter()
            .all(|(name, _)| LATER_SOURCE_COLUMNS.contains(&name.as_str()))
}

fn columns_only(cols: &[(String, String)]) -> super::shape::Shape {
    super::shape::Shape {
        columns: cols.to_vec(),
        ..super::shape::Shape::default()
    }
}

/// The key Kafka compares topic names by: `.` and `_` collide (both become `_` in
/// metric names, so Kafka refuses a topic differing from another only by them).
/// A topic on the cluster that collides with `topic` without being it.
pub fn colliding_topic<'a>(topic: &str, cluster: &'a Cluster) -> Option<&'a str> {
    let key = topic_collision_key(topic);
    cluster
        .topics
        .iter()
        .find(|t| t.as_str() != topic && topic_collision_key(t) == key)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_and_underscores_collide() {
        let mut c = Cluster::default();
        c.topics.insert("tournament.eligible.a_b.c".into());
        assert_eq!(
            colliding_topic("tournament.eligible.a.b_c", &c),
            Some("tournament.eligible.a_b.c")
        );
        assert_eq!(colliding_topic("tournament.eligible.a_b.c", &c), None);
        assert_eq!(colliding_topic("tournament.eligible.x.y", &c), None);
    }
}
