//! Kubernetes manifests for the scoring pool: one Deployment of `tourney worker
//! --watch` replicas in one consumer group ([`pool`]), the tournaments as files in
//! sharded ConfigMaps that every replica mounts ([`shards`]), and an autoscaler that
//! follows the consumer lag and the CPU and raises the pool's minimum ahead of the
//! scheduled starts ([`autoscale`]).
//!
//! `deploy --workers k8s --out DIR` keeps, under `DIR/tournaments/`, the source and
//! schedule of every tournament deployed there, and rewrites the manifests from them:
//! `DIR/pool.yaml`, `DIR/autoscale.yaml` and `DIR/tournaments-NN.yaml`. A tournament
//! added, changed or retired changes a ConfigMap only; the kubelet updates the mounted
//! files within about a minute and the replicas pick them up without a restart.

pub mod autoscale;
pub mod layout;
pub mod pool;
pub mod shards;

use crate::emit::names::fnv1a64;
use std::fmt::Write;

/// The autoscaler written beside the pool.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Autoscaler {
    /// A KEDA ScaledObject: Kafka lag, CPU, and cron windows ahead of the starts.
    #[default]
    Keda,
    /// A plain HorizontalPodAutoscaler on CPU, its minimum the largest window's.
    Hpa,
}

/// Choices for the generated manifests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct K8sOptions {
    /// The container image with the `tourney` binary.
    pub image: String,
    /// `metadata.namespace`, if any.
    pub namespace: Option<String>,
    /// The Secret holding `KAFKA_BROKERS`, `REDIS_URL` and `POSTGRES_URL`.
    pub secret: String,
    /// Tournaments one replica scores at most (sizes the pre-warmed minimum).
    pub capacity: u32,
    /// The most replicas the autoscaler runs.
    pub max_replicas: u32,
    pub autoscaler: Autoscaler,
}

impl Default for K8sOptions {
    fn default() -> Self {
        K8sOptions {
            image: format!("tourney:{}", env!("CARGO_PKG_VERSION")),
            namespace: None,
            secret: "tourney-worker-connections".into(),
            capacity: 1000,
            max_replicas: 20,
            autoscaler: Autoscaler::Keda,
        }
    }
}

/// A DNS-1123 name for the tournament's objects: `tourney-<op>-<id>-<hash8>`, lower
/// case, at most 63 characters, distinct for distinct ids.
pub fn object_name(operator: &str, id: &str) -> String {
    let h = fnv1a64(format!("{operator}\0{id}").as_bytes());
    let hash = format!("{:08x}", (h >> 32) ^ (h & 0xFFFF_FFFF));
    let mut base = label_chars(&format!("{operator}-{id}"), 44);
    base = base.trim_matches('-').to_owned();
    format!("tourney-{base}-{hash}")
}

/// Lower-case letters, digits and `-`, at most `max` characters.
fn label_chars(s: &str, max: usize) -> String {
    s.chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .take(max)
        .collect()
}

/// A label value: the id itself when Kubernetes accepts it, else a cleaned form.
pub fn label_value(s: &str) -> String {
    let ok = s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        s.to_owned()
    } else {
        label_chars(s, 63).trim_matches('-').to_owned()
    }
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
pub(crate) fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| String::from("\"\""))
}

/// A YAML block scalar under `key` at `indent`, or a quoted scalar when the text
/// cannot be written as a block (leading blanks, control characters).
pub(crate) fn block(out: &mut String, indent: usize, key: &str, text: &str) {
    let pad = " ".repeat(indent);
    let blockable = !text.starts_with([' ', '\t', '\n'])
        && !text.chars().any(|c| c.is_control() && c != '\n')
        && text.ends_with('\n')
        && !text.ends_with("\n\n");
    if !blockable {
        let _ = writeln!(out, "{pad}{key}: {}", q(text));
        return;
    }
    let _ = writeln!(out, "{pad}{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
}

/// The name, namespace and labels every object of the pool carries.
pub(crate) fn header(out: &mut String, api: &str, kind: &str, name: &str, opts: &K8sOptions) {
    let _ = writeln!(out, "apiVersion: {api}\nkind: {kind}\nmetadata:");
    let _ = writeln!(out, "  name: {name}");
    if let Some(ns) = &opts.namespace {
        let _ = writeln!(out, "  namespace: {}", q(ns));
    }
    out.push_str("  labels:\n");
    for (k, v) in labels() {
        let _ = writeln!(out, "    {k}: {}", q(v));
    }
}

/// The pool's labels (the selector is the instance label).
pub(crate) fn labels() -> [(&'static str, &'static str); 2] {
    [
        ("app.kubernetes.io/name", "tourney-worker"),
        ("app.kubernetes.io/instance", pool::NAME),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names_are_dns_labels_and_distinct() {
        let a = object_name("op.1", "A_b");
        let b = object_name("op-1", "a-b");
        assert_ne!(a, b);
        for n in [&a, &b, &object_name(&"x".repeat(100), &"y".repeat(100))] {
            assert!(n.len() <= 63, "{n}");
            assert!(n
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }
}
