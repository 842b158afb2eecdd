//! Deduplication by `wagerId` in bounded memory.
//!
//! An event older than the watermark (the latest event time seen) minus the allowed
//! lateness is rejected as late before it reaches here, so an id only has to be
//! remembered while its event could still be accepted: ids are kept in buckets by
//! event time and a bucket is dropped once it is entirely older than the lateness
//! horizon. Ids are stored as 128-bit FNV-1a hashes (stable across versions, so they
//! can go into snapshots).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// 128-bit FNV-1a.
pub fn id_hash(id: &str) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    id.bytes()
        .fold(OFFSET, |h, b| (h ^ u128::from(b)).wrapping_mul(PRIME))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Dedup {
    seen: HashSet<u128>,
    buckets: BTreeMap<i64, Vec<u128>>,
    bucket_ms: i64,
}

impl Dedup {
    pub fn new(bucket_ms: i64) -> Self {
        Dedup {
            seen: HashSet::new(),
            buckets: BTreeMap::new(),
            bucket_ms: bucket_ms.max(1),
        }
    }

    /// Records `id`; true when it was already seen.
    pub fn is_duplicate(&mut self, id: &str, event_ms: i64) -> bool {
        let h = id_hash(id);
        if !self.seen.insert(h) {
            return true;
        }
        self.buckets
            .entry(event_ms.div_euclid(self.bucket_ms))
            .or_default()
            .push(h);
        false
    }

    /// Forgets ids of events older than `horizon_ms` (no such event can be accepted).
    pub fn expire(&mut self, horizon_ms: i64) {
        let keep_from = horizon_ms.div_euclid(self.bucket_ms);
        let old: Vec<i64> = self.buckets.range(..keep_from).map(|(k, _)| *k).collect();
        for k in old {
            if let Some(ids) = self.buckets.remove(&k) {
                for h in ids {
                    self.seen.remove(&h);
                }
            }
        }
    }

    /// What is remembered, in a form that survives a restart: ids by bucket.
    pub fn memory(&self) -> DedupMemory {
        DedupMemory {
            bucket_ms: self.bucket_ms,
            buckets: self
                .buckets
                .iter()
                .map(|(b, ids)| (*b, ids.iter().map(|h| format!("{h:032x}")).collect()))
                .collect(),
        }
    }

    /// The memory back; `None` when an id is not 32 hex digits.
    pub fn from_memory(m: &DedupMemory) -> Option<Self> {
        let mut d = Dedup::new(m.bucket_ms);
        for (bucket, ids) in &m.buckets {
            let mut hashes = Vec::with_capacity(ids.len());
            for id in ids {
                let h = u128::from_str_radix(id, 16).ok()?;
                d.seen.insert(h);
                hashes.push(h);
            }
            d.buckets.insert(*bucket, hashes);
        }
        Some(d)
    }

    /// Ids remembered now.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

/// The ids a [`Dedup`] remembers: 128-bit hashes as 32 hex digits, by bucket of
/// `bucket_ms` of event time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DedupMemory {
    pub bucket_ms: i64,
    pub buckets: Vec<(i64, Vec<String>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_within_the_horizon_only() {
        let mut d = Dedup::new(1000);
        assert!(!d.is_duplicate("w1", 500));
        assert!(d.is_duplicate("w1", 500));
        d.expire(2000);
        assert!(d.is_empty());
        assert!(!d.is_duplicate("w1", 500));
    }
}
