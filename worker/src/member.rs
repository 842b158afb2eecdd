//! How a player's place is written into a Redis sorted set without losing exactness.
//!
//! Redis scores are doubles: 53 bits of mantissa cannot hold an exact fixed-point
//! score, let alone the tie-breaks. So every member of the board has the score `0`,
//! and Redis orders members of equal score by their bytes. The member is
//!
//! ```text
//! <32 hex: score, descending><80 hex: tie-breaks and final tie><8 hex: entry order>:<player id>
//! ```
//!
//! Fixed-width lowercase hex orders exactly as the engine's ranking key does, so
//! `ZRANGE key 0 99` is the top 100 and `ZRANK key member` is a player's place minus
//! one: the same order the engine computes, bit for bit.

use tourney::engine::rank_tree::RankKey;
use tourney::engine::Points;

/// Hex digits before the `:` that separates the player id.
pub const PREFIX_LEN: usize = 32 + 80 + 8;

/// The member for a player's ranking key.
pub fn encode(key: &RankKey, player_id: &str) -> String {
    let mut out = String::with_capacity(PREFIX_LEN + 1 + player_id.len());
    push_hex(&mut out, descending(key.score()), 32);
    for word in key.tie() {
        push_hex(&mut out, u128::from(word), 16);
    }
    push_hex(&mut out, u128::from(key.player()), 8);
    out.push(':');
    out.push_str(player_id);
    out
}

/// The ranking key as 60 bytes that sort (bytewise, as PostgreSQL compares `bytea`)
/// in ranking order: score descending, the tie-break words, the entry order.
pub fn key_bytes(key: &RankKey) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + 40 + 4);
    out.extend_from_slice(&descending(key.score()).to_be_bytes());
    for word in key.tie() {
        out.extend_from_slice(&word.to_be_bytes());
    }
    out.extend_from_slice(&key.player().to_be_bytes());
    out
}

/// Appends the low `digits` hex digits of `v`, lowercase, most significant first.
fn push_hex(out: &mut String, v: u128, digits: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in (0..digits).rev() {
        out.push(char::from(HEX[((v >> (4 * i)) & 0xf) as usize]));
    }
}

/// The player id and exact score of a member written by [`encode`].
pub fn decode(member: &str) -> Option<(&str, Points)> {
    let (prefix, player) = member.split_at_checked(PREFIX_LEN)?;
    let player = player.strip_prefix(':')?;
    let flipped = u128::from_str_radix(prefix.get(..32)?, 16).ok()?;
    Some((player, Points(ascending(flipped))))
}

const SIGN: u128 = 1 << 127;

/// Maps a signed score onto an unsigned number that grows as the score shrinks.
fn descending(score: i128) -> u128 {
    u128::MAX - ((score as u128) ^ SIGN)
}

fn ascending(stored: u128) -> i128 {
    ((u128::MAX - stored) ^ SIGN) as i128
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn member_order_is_ranking_order(
            a in (any::<i128>(), any::<[u64; 5]>(), any::<u32>()),
            b in (any::<i128>(), any::<[u64; 5]>(), any::<u32>()),
            same in 0..6usize,
        ) {
            // Keys that share a prefix of words, so every word gets compared.
            let mut b = b;
            if same > 0 {
                b.0 = a.0;
            }
            let n = same.saturating_sub(1);
            b.1[..n].copy_from_slice(&a.1[..n]);
            let ka = RankKey::with_tie(a.0, a.1, a.2);
            let kb = RankKey::with_tie(b.0, b.1, b.2);
            let (ma, mb) = (encode(&ka, "p"), encode(&kb, "p"));
            prop_assert_eq!(ka.cmp(&kb), ma.as_bytes().cmp(mb.as_bytes()));
            prop_assert_eq!(ka.cmp(&kb), key_bytes(&ka).cmp(&key_bytes(&kb)));
        }

        #[test]
        fn decode_gives_back_player_and_exact_score(score in any::<i128>(), id in "[a-z0-9:_-]{1,20}") {
            let m = encode(&RankKey::new(score, 7, 3), &id);
            prop_assert_eq!(decode(&m), Some((id.as_str(), Points(score))));
        }
    }

    #[test]
    fn higher_score_sorts_first() {
        let hi = encode(&RankKey::new(500, 0, 1), "a");
        let lo = encode(&RankKey::new(-5, 0, 0), "b");
        assert!(hi < lo);
        assert_eq!(decode("short"), None);
    }
}
