//! Plain wagers for benchmarks and cost measurements, where what matters is how many
//! there are and who places them, not what they look like: every one is a euro stake
//! on `slot-1` by a VIP player in Malta that wins nothing. For traffic that looks like
//! a real tournament's, use [`super::Generator`].

use crate::check::{check_project, Project};
use crate::ir::{Tournament, WagerEvent};
use rust_decimal::Decimal;

/// The operator of every sample wager.
pub const OPERATOR: &str = "operator-1";

/// When the sample race starts: 2024-11-15T00:00:00Z.
pub const START_MS: i64 = super::DEFAULT_START_MS;

/// The sample race (`bench` of `operator-1`, three days from [`START_MS`]): one point
/// per euro staked, a board of 100, money prizes for the top ten and free spins for
/// the top 5 %.
pub fn race() -> Result<Tournament, String> {
    tournament("race.tourney", include_str!("race.tourney"))
}

/// `player-0000042`: the id of player `n`, as the benchmarks number them.
pub fn player_id(n: u64) -> String {
    format!("player-{n:07}")
}

/// Wager `w-<n>` of player `player`: `cents` euro cents staked at `timestamp_ms`.
pub fn wager(n: u64, player: u64, cents: i64, timestamp_ms: i64) -> WagerEvent {
    WagerEvent {
        wager_id: Some(format!("w-{n}")),
        player_id: Some(player_id(player)),
        player_name: None,
        operator_id: Some(OPERATOR.into()),
        game_id: Some("slot-1".into()),
        game_category: Some("slots".into()),
        wager_amount: Some(Decimal::new(cents, 2)),
        currency: Some("EUR".into()),
        win_amount: Some(Decimal::ZERO),
        player_segment: Some("VIP".into()),
        jurisdiction: Some("MT".into()),
        timestamp_ms: Some(timestamp_ms),
        source_id: None,
        source_seq: None,
    }
}

/// The first tournament `text` declares, or the first error that keeps it from
/// checking.
pub fn tournament(file: &str, text: &str) -> Result<Tournament, String> {
    let mut project = Project::new();
    project.add_file(file, text);
    let checked = check_project(&project);
    if let Some(d) = checked.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("{file}: {} {}", d.code, d.message));
    }
    let first = checked.tournaments().next().cloned();
    first.ok_or_else(|| format!("{file} declares no tournament"))
}
