//! Position-change events: published only when a player's place changes, and bounded
//! per event: the mover, plus the players inside the published board whom the move
//! shifted by one place. Players outside the board are not told of one-place shifts.

use super::dedup::id_hash;
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
        let id = id_hash(&format!(
            "{}\u{0}{}\u{0}{}",
            self.tournament, p.id, self.seq
        ));
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
