//! What the engine holds on the heap, part by part, computed from capacities (the
//! allocator's own overhead is not counted).

use super::Engine;
use serde::Serialize;

/// Heap bytes of a SwissTable (`HashMap`/`HashSet`) holding up to `capacity` entries
/// of `T`: one slot and one control byte per bucket, buckets a power of two at most
/// 7/8 full.
pub fn table_bytes<T>(capacity: usize) -> usize {
    if capacity == 0 {
        return 0;
    }
    let buckets = if capacity < 8 {
        (capacity + 1).next_power_of_two()
    } else {
        (capacity * 8 / 7).next_power_of_two()
    };
    buckets * (std::mem::size_of::<T>() + 1) + 16
}

/// The engine's heap, part by part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HeapBytes {
    /// The player table: per-player state, ids, segments, cap sums.
    pub players: usize,
    /// The id -> player index map.
    pub id_map: usize,
    /// The rank tree.
    pub rank_tree: usize,
    /// Deduplication memory (ids within the lateness horizon).
    pub dedup: usize,
}

impl HeapBytes {
    pub fn total(&self) -> usize {
        self.players + self.id_map + self.rank_tree + self.dedup
    }
}

impl Engine {
    /// What the engine holds on the heap now.
    pub fn heap_bytes(&self) -> HeapBytes {
        HeapBytes {
            players: self.standings.player_bytes(),
            id_map: self.standings.id_map_bytes(),
            rank_tree: self.standings.index_bytes(),
            dedup: self.dedup.heap_bytes(),
        }
    }
}
