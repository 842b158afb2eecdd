//! The `leaderboard { }` block and its prizes.

use super::printer::Printer;
use super::text::{places, value};
use crate::ir::Visibility;
use crate::syntax::ast::{Leaderboard, LeaderboardEntry, PrizeEntry, Prizes};

/// `leaderboard {` one entry per line `}`.
pub(super) fn leaderboard(p: &mut Printer<'_>, board: &Leaderboard) {
    p.word("leaderboard");
    let brace = p.src().brace_after(board.span.start);
    p.block(
        brace,
        board.span.end.saturating_sub(1),
        &board.entries,
        |p, e| {
            let span = e.span();
            p.line_item(span.start, span.end, |p| entry(p, e));
        },
    );
}

fn entry(p: &mut Printer<'_>, entry: &LeaderboardEntry) {
    match entry {
        LeaderboardEntry::Update(None, _) => p.word("update realtime"),
        LeaderboardEntry::Update(Some(every), _) => {
            p.word(&format!("update every {}", every.value))
        }
        LeaderboardEntry::Ties(names, _) => {
            let names: Vec<&str> = names.iter().map(|n| n.value.as_str()).collect();
            p.word(&format!("ties {}", names.join(", ")));
        }
        LeaderboardEntry::Size(n, _) => p.word(&format!("size {}", n.value)),
        LeaderboardEntry::Visibility(word, _) => match Visibility::from_name(&word.value) {
            Some(v) => p.word(v.name()),
            None => p.word(&format!("visibility {}", word.value)),
        },
        LeaderboardEntry::Display(mode, _) => p.word(&format!("display {}", mode.value)),
        LeaderboardEntry::Prizes(prizes) => prize_list(p, prizes),
        LeaderboardEntry::Bad(bad) => p.word(&bad.text),
    }
}

fn prize_list(p: &mut Printer<'_>, prizes: &Prizes) {
    p.word("prizes");
    let brace = p.src().brace_after(prizes.span.start);
    p.block(
        brace,
        prizes.span.end.saturating_sub(1),
        &prizes.entries,
        |p, e: &PrizeEntry| {
            p.line_item(e.span.start, e.span.end, |p| {
                p.word(&format!("{}: {}", places(&e.places), value(&e.prize)));
            });
        },
    );
}
