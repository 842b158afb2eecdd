//! The digest of the counted wagers: SHA-256 over one line per counted wager,
//! `wagerId<TAB>amount<LF>`, the lines sorted by their bytes, the amount in its
//! shortest decimal form (`10.5`, not `10.5000`; empty without one). Anyone can
//! recompute it from an export with standard tools; the book shows how.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// What the digest covers, and the digest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Digest {
    pub wagers: u64,
    pub stakes: Decimal,
    pub sha256: String,
}

/// The counted wagers, collected as they are counted.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    lines: Vec<String>,
    stakes: Decimal,
}

/// One wager's line of the digest.
pub fn line(wager_id: &str, amount: Option<Decimal>) -> String {
    let amount = amount
        .map(|a| a.normalize().to_string())
        .unwrap_or_default();
    format!("{wager_id}\t{amount}\n")
}

impl Ledger {
    pub fn add(&mut self, wager_id: &str, amount: Option<Decimal>) {
        self.lines.push(line(wager_id, amount));
        self.stakes = self.stakes.saturating_add(amount.unwrap_or_default());
    }

    /// The digest of the wagers added so far.
    pub fn digest(&self) -> Digest {
        let mut sorted: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let mut d = Sorted::default();
        for l in sorted {
            d.add(l.as_bytes(), None);
        }
        Digest {
            stakes: self.stakes,
            ..d.finish()
        }
    }
}

/// The digest of lines handed over one at a time, already in byte order (as a
/// database returns a `bytea` column in `ORDER BY`), so that no list is held.
#[derive(Default)]
pub struct Sorted {
    h: Sha256,
    wagers: u64,
    stakes: Decimal,
}

impl Sorted {
    /// Adds one line; its stake, when given, is added to the total.
    pub fn add(&mut self, line: &[u8], stake: Option<Decimal>) {
        self.h.update(line);
        self.wagers += 1;
        self.stakes = self.stakes.saturating_add(stake.unwrap_or_default());
    }

    pub fn finish(self) -> Digest {
        Digest {
            wagers: self.wagers,
            stakes: self.stakes,
            sha256: hex(&self.h.finalize()),
        }
    }
}

/// The stake of a digest line (`id<TAB>amount<LF>`).
pub fn stake_of(line: &str) -> Option<Decimal> {
    line.trim_end_matches('\n')
        .rsplit('\t')
        .next()?
        .parse()
        .ok()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_of_counting_does_not_matter() {
        let mut a = Ledger::default();
        a.add("w1", Some(Decimal::new(10500, 3)));
        a.add("w2", None);
        let mut b = Ledger::default();
        b.add("w2", None);
        b.add("w1", Some(Decimal::new(105, 1)));
        assert_eq!(a.digest(), b.digest());
        assert_eq!(a.digest().wagers, 2);
        assert_eq!(line("w1", Some(Decimal::new(10500, 3))), "w1\t10.5\n");
        // printf 'w1\t10.5\nw2\t\n' | sha256sum
        let mut c = Ledger::default();
        c.add("w1", Some(Decimal::new(1050, 2)));
        assert_ne!(a.digest().sha256, c.digest().sha256);
    }
}
