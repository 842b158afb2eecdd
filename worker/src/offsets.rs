//! The input position a piece of state covers: for each partition of the input topic,
//! the offset of the next record to read.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offsets {
    pub topic: String,
    /// Partition → next offset to read.
    pub next: BTreeMap<i32, i64>,
}

impl Offsets {
    pub fn new(topic: &str) -> Self {
        Offsets {
            topic: topic.to_string(),
            next: BTreeMap::new(),
        }
    }

    /// Records that the record at `offset` of `partition` has been applied.
    pub fn applied(&mut self, partition: i32, offset: i64) {
        let next = self.next.entry(partition).or_insert(0);
        *next = (*next).max(offset + 1);
    }

    /// Where to start reading `partition`: `None` means from the beginning.
    pub fn start(&self, partition: i32) -> Option<i64> {
        self.next.get(&partition).copied()
    }
}
