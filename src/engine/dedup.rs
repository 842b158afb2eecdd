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

    /// Ids remembered now.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
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
