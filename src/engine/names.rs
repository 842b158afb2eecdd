//! The latest display name of each player, kept only under `display name`.
//!
//! Under `masked` and `id` nothing is stored: no allocation, no memory per player.
//! Under `name` each player's name is the one carried (`playerName`) by their most
//! recently counted wager that carried one, cleaned by
//! [`display::clean_name`](super::display::clean_name); a wager without a name keeps
//! the one before.

use super::display::clean_name;
use crate::ir::Display;

/// Display names by player index (the standings' order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Whether names are kept at all (`display name`).
    on: bool,
    by_player: Vec<Option<Box<str>>>,
}

impl Names {
    pub fn new(display: Display) -> Self {
        Names {
            on: display == Display::Name,
            by_player: Vec::new(),
        }
    }

    /// Records the name carried by a counted wager of player `idx`.
    pub fn record(&mut self, idx: u32, carried: Option<&str>) {
        if !self.on {
            return;
        }
        let Some(name) = carried.and_then(clean_name) else {
            return;
        };
        let i = idx as usize;
        if self.by_player.len() <= i {
            self.by_player.resize(i + 1, None);
        }
        if let Some(slot) = self.by_player.get_mut(i) {
            *slot = Some(name.into_boxed_str());
        }
    }

    /// The latest name of player `idx`, if one was carried and names are kept.
    pub fn get(&self, idx: u32) -> Option<&str> {
        self.by_player.get(idx as usize)?.as_deref()
    }

    /// The names as plain data, for a snapshot (empty when none are kept).
    pub fn to_vec(&self) -> Vec<Option<String>> {
        self.by_player
            .iter()
            .map(|n| n.as_deref().map(str::to_owned))
            .collect()
    }

    /// Names read back from a snapshot of `players` players; dropped unless names are
    /// kept. Fails when there are more names than players.
    pub fn restore(&mut self, names: Vec<Option<String>>, players: usize) -> Result<(), String> {
        if names.len() > players {
            return Err(format!(
                "{} display names for {players} players",
                names.len()
            ));
        }
        if self.on {
            self.by_player = names
                .into_iter()
                .map(|n| {
                    n.as_deref()
                        .and_then(clean_name)
                        .map(String::into_boxed_str)
                })
                .collect();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_latest_name_under_display_name() {
        let mut names = Names::new(Display::Name);
        names.record(2, Some("Ann"));
        names.record(2, None);
        assert_eq!(names.get(2), Some("Ann"));
        names.record(2, Some("Queen Ann"));
        assert_eq!(names.get(2), Some("Queen Ann"));
        assert_eq!(names.get(0), None);
        assert_eq!(names.get(7), None);
    }

    #[test]
    fn keeps_nothing_otherwise() {
        for display in [Display::Masked, Display::Id] {
            let mut names = Names::new(display);
            names.record(0, Some("Ann"));
            assert_eq!(names.get(0), None);
            assert!(names.to_vec().is_empty());
        }
    }

    #[test]
    fn restores_only_when_names_are_kept() {
        let saved = vec![None, Some("Bo".to_owned())];
        let mut on = Names::new(Display::Name);
        assert_eq!(on.restore(saved.clone(), 2), Ok(()));
        assert_eq!(on.get(1), Some("Bo"));
        let mut off = Names::new(Display::Masked);
        assert_eq!(off.restore(saved.clone(), 2), Ok(()));
        assert_eq!(off.get(1), None);
        assert!(on.restore(saved, 1).is_err());
    }
}
