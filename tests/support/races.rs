//! The real-time race most read-side tests score: one point per euro staked, a board
//! of 10 places, "€100" for the winner and "€10" for places 2 and 3; and its wager
//! lines.
#![allow(dead_code)] // reason: each test file uses its own subset
#![allow(
    clippy::expect_used,
    reason = "test code: a fixture that cannot be built ends the test"
)]

use tourney::gen::sample;
use tourney::ir::Tournament;

/// Race `id` of operator `op`, on 2024-11-15 (UTC) with an hour of pre-warm.
pub fn race(id: &str, op: &str) -> Tournament {
    let text = format!(
        r#"tournament "{id}" {{
  title "Race {id}"
  operator "{op}"
  runs 2024-11-15T00:00:00Z .. 2024-11-16T00:00:00Z
  prewarm 1h

  eligible when {{
    wager.amount >= 1.00 EUR
  }}

  score {{
    points = wager.amount
  }}

  leaderboard {{
    update realtime
    size 10
    prizes {{
      1: "€100"
      2..3: "€10"
    }}
  }}
}}
"#
    );
    sample::tournament("race.tourney", &text).expect("the race checks")
}

/// Wager line `w<n>` of `op`: `amount` euros on a slot by `player`, at 10:00 plus
/// `minute` minutes on the race's day.
pub fn wager(n: u32, op: &str, player: &str, amount: &str, minute: u32) -> String {
    format!(
        r#"{{"wagerId":"w{n}","playerId":"{player}","operatorId":"{op}","gameId":"slot-1","gameCategory":"slots","wagerAmount":{amount},"currency":"EUR","winAmount":0,"playerSegment":"VIP","jurisdiction":"MT","timestamp":"2024-11-15T{:02}:{:02}:00Z"}}"#,
        10 + minute / 60,
        minute % 60
    )
}
