//! Position-change events: published only when a player's place changes, and bounded
//! per event: the mover, plus the players inside the published board whom the move
//! shifted by one place. Players outside the board are not told of one-place shifts.

use super::dedup::id_hash_parts;
use super::fixed::Points;
use super::standings::{Move, Standings};
use serde::{Deserialize, Serialize};

/// The event published to `leaderboard.updates.<operator>.<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PositionChange {
    pub position_change_id: String,
    pub player_id: String,
    pub tournament_id: String,
    pub operator_id: String,
    /// `None` when the player enters the board for the first time.
    pub old_position: Option<u32>,
    pub new_position: u32,
    pub score: Points,
    /// Event time of the wager that caused the change (RFC 3339).
    pub timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub player_segment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
}

/// `n` in decimal, written at the end of `buf` (which keeps its bytes before them).
pub fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// Who publishes: tournament identity and a sequence for deterministic ids.
pub struct Publisher {
    pub tournament: String,
    pub operator: String,
    pub seq: u64,
}

impl Publisher {
    fn event(
        &mut self,
        st: &Standings,
        idx: u32,
        old: Option<usize>,
        new: usize,
        ms: i64,
    ) -> Option<PositionChange> {
        let p = st.player(idx)?;
        self.seq += 1;
        // The hash of "{tournament}\0{player}\0{seq}", without formatting it.
        let mut digits = [0u8; 20];
        let id = id_hash_parts(&[
            self.tournament.as_bytes(),
            b"\0",
            p.id.as_bytes(),
            b"\0",
            decimal(self.seq, &mut digits),
        ]);
        Some(PositionChange {
            position_change_id: format!("{id:032x}"),
            player_id: p.id.clone(),
            tournament_id: self.tournament.clone(),
            operator_id: self.operator.clone(),
            old_position: old.map(|o| o as u32),
            new_position: new as u32,
            score: p.score,
            timestamp: crate::check::rfc3339(ms),
            player_segment: p.segment.clone(),
            jurisdiction: p.jurisdiction.clone(),
        })
    }

    /// Events for one move in a real-time board of `size` places.
    pub fn for_move(
        &mut self,
        st: &Standings,
        mv: Move,
        size: usize,
        ms: i64,
        out: &mut Vec<PositionChange>,
    ) {
        if mv.old == Some(mv.new) {
            return;
        }
        out.extend(self.event(st, mv.player, mv.old, mv.new, ms));
        // Players between the old and the new place moved by one.
        let (from, to, shift): (usize, usize, isize) = match mv.old {
            Some(old) if old < mv.new => (old, mv.new - 1, 1),
            Some(old) => (mv.new + 1, old, -1),
            None => (mv.new + 1, st.len(), -1),
        };
        let last = to.min(size);
        if from > last {
            return;
        }
        let shifted: Vec<(usize, u32)> = st.indices_from(from).take(last + 1 - from).collect();
        for (place, idx) in shifted {
            if idx == mv.player {
                continue;
            }
            let old = (place as isize + shift) as usize;
            out.extend(self.event(st, idx, Some(old), place, ms));
        }
    }

    /// Events for an interval board: everyone in the current top `size` whose place
    /// differs from the last published board, and everyone who left it.
    pub fn for_tick(
        &mut self,
        st: &Standings,
        last: &mut Vec<u32>,
        size: usize,
        ms: i64,
        out: &mut Vec<PositionChange>,
    ) {
        let now: Vec<u32> = st.indices_from(1).take(size).map(|(_, idx)| idx).collect();
        let published: std::collections::HashMap<u32, usize> = last
            .iter()
            .enumerate()
            .map(|(i, idx)| (*idx, i + 1))
            .collect();
        for (i, idx) in now.iter().enumerate() {
            let before = published.get(idx).copied();
            if before != Some(i + 1) {
                out.extend(self.event(st, *idx, before, i + 1, ms));
            }
        }
        let current: std::collections::HashSet<u32> = now.iter().copied().collect();
        for (i, idx) in last.iter().enumerate() {
            if !current.contains(idx) {
                let place = st.place(*idx).unwrap_or(0);
                out.extend(self.event(st, *idx, Some(i + 1), place, ms));
            }
        }
        *last = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dedup::id_hash;

    #[test]
    fn ids_hash_the_same_bytes_as_the_formatted_text() {
        let mut buf = [0u8; 20];
        for n in [0u64, 7, 10, 1_234_567, u64::MAX] {
            let parts = id_hash_parts(&[b"t-1", b"\0", b"p-9", b"\0", decimal(n, &mut buf)]);
            assert_eq!(parts, id_hash(&format!("t-1\u{0}p-9\u{0}{n}")));
        }
    }
}
