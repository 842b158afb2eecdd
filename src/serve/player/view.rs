//! What a player sees: the top of the board with other players shown through the
//! tournament's `display` rule, and their own place with their neighbours.
//!
//! Nothing here carries another player's raw id (unless the rule is `display id`),
//! segment, jurisdiction or wager count.

use crate::engine::display::shown_player;
use crate::engine::prizes::prize_for;
use crate::engine::standings::Player;
use crate::engine::{Engine, Points};
use crate::ir::{Prize, TieBreak, Tournament};
use serde::Serialize;

/// Most places a player view shows.
pub const MAX_PLAYER_TOP: usize = 100;
/// Players shown on each side of the player.
pub const NEIGHBOURS: usize = 2;

/// Another player on the board, as players see them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Shown {
    pub place: usize,
    /// Masked id, display name or raw id, as the `display` rule says.
    pub name: String,
    pub score: Points,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prize: Option<String>,
}

/// The player's own place, from their token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Me {
    /// Their own id (it is theirs to see).
    pub player: String,
    /// `None` until a wager of theirs counts.
    pub place: Option<usize>,
    pub score: Points,
    pub wagers: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prize: Option<String>,
    /// The players just above, best first.
    pub above: Vec<Shown>,
    /// The players just below, best first.
    pub below: Vec<Shown>,
}

/// A prize as written in the tournament.
pub fn prize_label(p: &Prize) -> String {
    match p {
        Prize::Text { text } => text.clone(),
        Prize::Money { amount, currency } => format!("{amount} {currency}"),
    }
}

fn prize_at(engine: &Engine, place: usize) -> Option<String> {
    let t = engine.tournament();
    prize_for(&t.leaderboard.prizes, place, engine.standings().len()).map(prize_label)
}

fn shown(engine: &Engine, place: usize, p: &Player) -> Shown {
    let rule = &engine.tournament().leaderboard.display;
    Shown {
        place,
        name: shown_player(rule, &p.id, None),
        score: p.score,
        prize: prize_at(engine, place),
    }
}

/// `count` places from one-based place `from`.
pub fn places(engine: &Engine, from: usize, count: usize) -> Vec<Shown> {
    engine
        .standings()
        .from_place(from.max(1))
        .take(count)
        .map(|(place, p)| shown(engine, place, p))
        .collect()
}

/// The top `n` places (at most [`MAX_PLAYER_TOP`]).
pub fn top(engine: &Engine, n: usize) -> Vec<Shown> {
    places(engine, 1, n.min(MAX_PLAYER_TOP))
}

/// `player`'s own place and neighbours; a player with no counted wager yet is not
/// ranked.
pub fn me(engine: &Engine, player: &str) -> Me {
    let st = engine.standings();
    let found = st
        .find(player)
        .and_then(|(idx, p)| Some((st.place(idx)?, p)));
    let Some((place, p)) = found else {
        return Me {
            player: player.to_string(),
            place: None,
            score: Points::ZERO,
            wagers: 0,
            prize: None,
            above: Vec::new(),
            below: Vec::new(),
        };
    };
    let first = place.saturating_sub(NEIGHBOURS).max(1);
    Me {
        player: player.to_string(),
        place: Some(place),
        score: p.score,
        wagers: p.wagers,
        prize: prize_at(engine, place),
        above: places(engine, first, place - first),
        below: places(engine, place + 1, NEIGHBOURS),
    }
}

/// The tie-break rule in words, for the page.
pub fn tie_break_words(t: &Tournament) -> String {
    let mut parts: Vec<&str> = t
        .leaderboard
        .ties
        .iter()
        .map(|tb| match tb {
            TieBreak::FirstToReach => "who reached the score first",
            TieBreak::MostWagers => "more counted wagers",
            TieBreak::FewestWagers => "fewer counted wagers",
            TieBreak::EarliestEntry => "who joined first",
            TieBreak::BiggestWager => "the bigger single wager",
        })
        .collect();
    parts.push("who was counted first");
    format!("Equal scores rank by {}.", parts.join(", then "))
}

/// The prize tiers as written: places and label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrizeLine {
    pub places: String,
    pub prize: String,
}

pub fn prize_lines(t: &Tournament) -> Vec<PrizeLine> {
    use crate::ir::PlaceSpec;
    t.leaderboard
        .prizes
        .iter()
        .map(|tier| PrizeLine {
            places: match &tier.places {
                PlaceSpec::Places { from, to } if from == to => format!("{from}"),
                PlaceSpec::Places { from, to } => format!("{from}–{to}"),
                PlaceSpec::Percent { from: 1, percent } => format!("top {percent}%"),
                PlaceSpec::Percent { from, percent } => format!("{from}… top {percent}%"),
            },
            prize: prize_label(&tier.prize),
        })
        .collect()
}
