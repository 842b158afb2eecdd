//! Finding every unreadable line of a parsed file, at any depth.

use super::ast::{BadLine, File, Item, LeaderboardEntry, ScoreEntry, TestEntry};

impl File {
    /// Every unreadable line of the file, wherever it was found.
    pub fn bad_lines(&self) -> Vec<&BadLine> {
        let mut out: Vec<&BadLine> = self.bad.iter().collect();
        for item in self.blocks.iter().flat_map(|b| &b.items) {
            item_bad_lines(item, &mut out);
        }
        out
    }
}

fn item_bad_lines<'a>(item: &'a Item, out: &mut Vec<&'a BadLine>) {
    match item {
        Item::Bad(b) => out.push(b),
        Item::Metadata(m) => out.extend(&m.bad),
        Item::Eligible(e) => out.extend(&e.bad),
        Item::Score(s) => {
            for entry in &s.entries {
                match entry {
                    ScoreEntry::Bad(b) => out.push(b),
                    ScoreEntry::Currency(c) => out.extend(&c.bad),
                    _ => {}
                }
            }
        }
        Item::Leaderboard(l) => {
            for entry in &l.entries {
                match entry {
                    LeaderboardEntry::Bad(b) => out.push(b),
                    LeaderboardEntry::Prizes(p) => out.extend(&p.bad),
                    _ => {}
                }
            }
        }
        Item::Test(t) => {
            for entry in &t.entries {
                match entry {
                    TestEntry::Bad(b) => out.push(b),
                    TestEntry::Wager(w) => out.extend(&w.bad),
                    TestEntry::Expect(_) => {}
                }
            }
        }
        _ => {}
    }
}
