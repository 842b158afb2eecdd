//! `tourney verify`: recompute a result from an export of the wagers and say whether
//! it matches the audit record, and where it differs.

use super::AuditRecord;
use crate::dry_run::summary::prize_suffix;
use crate::dry_run::{replay, AsLine, DryRunOptions};
use crate::engine::snapshot::fingerprint;
use crate::engine::{EngineOptions, Standing};
use crate::ir::Tournament;
use serde::Serialize;

/// Differences listed one by one, at most.
pub const LISTED: usize = 20;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub matches: bool,
    pub differences: Vec<String>,
    /// The record recomputed from the export (absent when the rules did not hold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recomputed: Option<Box<AuditRecord>>,
}

/// Checks `record` against the wagers of `lines`, replayed in their order with the
/// record's rules; `rules`, when given, must be the record's rules too.
pub fn verify<L: AsLine, E>(
    record: &AuditRecord,
    lines: impl Iterator<Item = Result<L, E>>,
    rules: Option<&Tournament>,
) -> Result<Verdict, E> {
    let mut differences = rule_differences(record, rules);
    if !differences.is_empty() {
        return Ok(Verdict {
            matches: false,
            differences,
            recomputed: None,
        });
    }
    let opts = DryRunOptions {
        audit: true,
        engine: EngineOptions::from(record.options),
        ..DryRunOptions::default()
    };
    let report = replay(&record.rules, lines, &opts)?;
    let Some(again) = report.audit else {
        return Ok(Verdict {
            matches: false,
            differences: vec!["the export could not be replayed".into()],
            recomputed: None,
        });
    };
    differences.extend(counted_differences(record, &again));
    differences.extend(board_differences(&record.board, &again.board));
    Ok(Verdict {
        matches: differences.is_empty(),
        differences,
        recomputed: Some(Box::new(again)),
    })
}

fn rule_differences(record: &AuditRecord, rules: Option<&Tournament>) -> Vec<String> {
    let mut out = Vec::new();
    let inside = fingerprint(&record.rules);
    if inside != record.rules_fingerprint {
        out.push(format!(
            "the rules in the record have fingerprint {inside}, the record says {}: the record was altered",
            record.rules_fingerprint
        ));
    }
    if let Some(t) = rules {
        let given = fingerprint(t);
        if given != record.rules_fingerprint {
            out.push(format!(
                "other rules: the result was computed with rules {}, tournament `{}` of the file given has rules {given}",
                record.rules_fingerprint, t.id
            ));
        }
    }
    out
}

fn counted_differences(record: &AuditRecord, again: &AuditRecord) -> Vec<String> {
    let (a, b) = (&record.counted, &again.counted);
    let mut out = Vec::new();
    if a.wagers != b.wagers || a.stakes != b.stakes {
        out.push(format!(
            "counted wagers: the record has {} ({} staked), the export gives {} ({} staked)",
            a.wagers, a.stakes, b.wagers, b.stakes
        ));
    }
    if a.sha256 != b.sha256 {
        out.push(format!(
            "digest of the counted wagers: the record has {}, the export gives {}",
            a.sha256, b.sha256
        ));
    }
    out
}

fn shown(s: Option<&Standing>) -> String {
    match s {
        None => "nobody".into(),
        Some(s) => format!(
            "{} with {} points ({} wagers{})",
            s.player_id,
            s.score,
            s.wagers,
            prize_suffix(&s.prize)
        ),
    }
}

fn board_differences(record: &[Standing], again: &[Standing]) -> Vec<String> {
    let mut out = Vec::new();
    let places = record.len().max(again.len());
    let mut differing = 0;
    for i in 0..places {
        let (a, b) = (record.get(i), again.get(i));
        if a == b {
            continue;
        }
        differing += 1;
        if differing <= LISTED {
            out.push(format!(
                "place {}: the record has {}, the export gives {}",
                i + 1,
                shown(a),
                shown(b)
            ));
        }
    }
    if differing > LISTED {
        out.push(format!("... {} places differ in all", differing));
    }
    out
}
