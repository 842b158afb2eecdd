//! Deduplication by `wagerId` in bounded memory.
//!
//! An event older than the watermark minus the allowed lateness `L` (the horizon) is
//! rejected as late before it reaches here. Copies of one wager may carry different
//! timestamps, so an id is remembered by the greatest event time among its copies,
//! `latest`, and forgotten only once the horizon has passed `latest + L`. That keeps
//! the promise the book makes: a copy whose time is within `L` of an earlier copy's
//! is always a duplicate. (If the id was forgotten, the horizon is past
//! `latest + L >= t' + L >= t` for the earlier copy's time `t'` and this copy's `t`,
//! so this copy is late.) Ids are kept in buckets of event time and a bucket is
//! dropped once it is entirely older than `horizon - L`. They are stored as 128-bit
//! FNV-1a hashes (stable across versions, so they can go into snapshots).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Hashes the ids' FNV-1a hashes for the set: they are hashes already, so folding and
/// one multiplication spread them enough, at a fraction of SipHash's cost.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u128(&mut self, v: u128) {
        let x = ((v as u64) ^ ((v >> 64) as u64)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 32);
    }
}

/// Id hash -> the bucket of the greatest event time among its copies.
type IdMap = HashMap<u128, i64, BuildHasherDefault<IdHasher>>;

const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// 128-bit FNV-1a.
pub fn id_hash(id: &str) -> u128 {
    id_hash_parts(&[id.as_bytes()])
}

/// 128-bit FNV-1a of the concatenation of `parts`, without building it.
pub fn id_hash_parts(parts: &[&[u8]]) -> u128 {
    parts
        .iter()
        .flat_map(|p| p.iter())
        .fold(FNV_OFFSET, |h, b| {
            (h ^ u128::from(*b)).wrapping_mul(FNV_PRIME)
        })
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Dedup {
    seen: IdMap,
    /// Bucket -> ids filed there; an id whose copies moved it to a later bucket stays
    /// listed here too, and is skipped when this bucket expires.
    buckets: BTreeMap<i64, Vec<u128>>,
    bucket_ms: i64,
}

impl Dedup {
    pub fn new(bucket_ms: i64) -> Self {
        Dedup {
            seen: IdMap::default(),
            buckets: BTreeMap::new(),
            bucket_ms: bucket_ms.max(1),
        }
    }

    /// Records `id` seen at `event_ms`; true when it was already seen.
    pub fn is_duplicate(&mut self, id: &str, event_ms: i64) -> bool {
        let h = id_hash(id);
        let bucket = event_ms.div_euclid(self.bucket_ms);
        match self.seen.get_mut(&h) {
            Some(kept) if *kept >= bucket => true,
            Some(kept) => {
                // A later copy: remember the id as long as this copy requires.
                *kept = bucket;
                self.buckets.entry(bucket).or_default().push(h);
                true
            }
            None => {
                self.seen.insert(h, bucket);
                self.buckets.entry(bucket).or_default().push(h);
                false
            }
        }
    }

    /// Forgets ids whose latest copy is older than `horizon_ms - lateness_ms`: no copy
    /// within `lateness_ms` of them can be accepted any more.
    pub fn expire(&mut self, horizon_ms: i64, lateness_ms: i64) {
        let keep_from = horizon_ms
            .saturating_sub(lateness_ms.max(0))
            .div_euclid(self.bucket_ms);
        while let Some(oldest) = self.buckets.first_entry() {
            if *oldest.key() >= keep_from {
                break;
            }
            let bucket = *oldest.key();
            for h in oldest.remove() {
                if self.seen.get(&h) == Some(&bucket) {
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
                .map(|(b, ids)| {
                    let live = ids.iter().filter(|h| self.seen.get(*h) == Some(b));
                    (*b, live.map(|h| format!("{h:032x}")).collect::<Vec<_>>())
                })
                .filter(|(_, ids)| !ids.is_empty())
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
                let kept = d.seen.entry(h).or_insert(*bucket);
                *kept = (*kept).max(*bucket);
                hashes.push(h);
            }
            d.buckets.insert(*bucket, hashes);
        }
        Some(d)
    }

    /// Heap bytes: the set of hashes and the buckets (B-tree nodes estimated).
    pub fn heap_bytes(&self) -> usize {
        let node = 11 * (8 + std::mem::size_of::<Vec<u128>>()) + 16;
        super::memory::table_bytes::<(u128, i64)>(self.seen.capacity())
            + self.buckets.len().div_ceil(6) * node
            + self
                .buckets
                .values()
                .map(|v| v.capacity() * 16)
                .sum::<usize>()
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
        d.expire(3000, 1000);
        assert!(d.is_empty());
        assert!(!d.is_duplicate("w1", 500));
    }

    #[test]
    fn a_later_copy_keeps_the_id_longer() {
        let mut d = Dedup::new(1000);
        assert!(!d.is_duplicate("w1", 500));
        assert!(d.is_duplicate("w1", 4500));
        // Horizon 5000: a copy at 5000 is not late, so the id must still be known.
        d.expire(5000, 1000);
        assert!(d.is_duplicate("w1", 5000), "kept for the copy at 4500");
        let restored = Dedup::from_memory(&d.memory()).unwrap();
        assert_eq!(restored.memory(), d.memory());
        d.expire(7000, 1000);
        assert!(d.is_empty());
    }
}
