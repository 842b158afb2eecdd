//! Deterministic names for everything a tournament owns outside the compiler: its
//! ksqlDB stream, Kafka topics and Redis key. Each carries the operator: a tournament
//! is identified by (operator, id), and two operators may use the same id.
//!
//! The stream name is `TOURNEY_<OPERATOR>_<ID>_<HASH8>`: the ids upper-cased with
//! every character outside `[A-Z0-9]` turned into `_`, then a hash of the exact ids,
//! so that ids that read alike once upper-cased (`a-b`, `a_b`, `A.B`) still get
//! different streams.

use super::error::EmitError;
use super::ident::Ident;

/// The shared source stream every tournament reads.
pub const SOURCE_STREAM: &str = "WAGER_EVENTS";
/// The Kafka topic of the source stream.
pub const SOURCE_TOPIC: &str = "wager.events";

/// Partitions of every tournament's eligible topic (`PARTITIONS=1` in its
/// `CREATE STREAM ... AS SELECT`). Without it ksqlDB gives the topic as many
/// partitions as `wager.events`, and the unkeyed records spread over them; the
/// engine's last tie-break (who was counted first) and its lateness rule read the
/// order of one sequence of events, which only a single partition gives. The worker
/// refuses an input topic with more than one partition.
pub const ELIGIBLE_PARTITIONS: u32 = 1;

/// Longest operator or tournament id accepted.
pub const MAX_ID_LEN: usize = 100;

/// Every name of one tournament.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The shared source stream (`WAGER_EVENTS`).
    pub source_stream: Ident,
    /// The tournament's stream, `TOURNEY_<OPERATOR>_<ID>_<HASH8>`.
    pub stream: Ident,
    /// `TOURNEY_<OPERATOR>_`, the start of every stream name of the operator.
    pub operator_prefix: String,
    /// `tournament.eligible.<operator>.<id>`: the wagers that count.
    pub eligible_topic: String,
    /// `leaderboard.updates.<operator>.<id>`: position changes.
    pub updates_topic: String,
    /// `tourney.dead-letter.<operator>`: events the worker set aside.
    pub dead_letter_topic: String,
    /// `tournament:<operator>:<id>:leaderboard`: the live board in Redis.
    pub leaderboard_key: String,
}

impl Names {
    /// The names of tournament `id` of `operator`; both ids are validated first.
    pub fn new(operator: &str, id: &str) -> Result<Names, EmitError> {
        validate_id("operator id", operator)?;
        validate_id("tournament id", id)?;
        Ok(Names {
            source_stream: Ident::new(SOURCE_STREAM)?,
            stream: stream_name(operator, id)?,
            operator_prefix: operator_prefix(operator)?,
            eligible_topic: format!("tournament.eligible.{operator}.{id}"),
            updates_topic: format!("leaderboard.updates.{operator}.{id}"),
            dead_letter_topic: format!("tourney.dead-letter.{operator}"),
            leaderboard_key: format!("tournament:{operator}:{id}:leaderboard"),
        })
    }
}

impl Names {
    /// The Kafka topics the tournament owns or writes.
    pub fn topics(&self) -> [&str; 3] {
        [
            &self.eligible_topic,
            &self.updates_topic,
            &self.dead_letter_topic,
        ]
    }
}

/// The key under which Kafka compares topic names for collisions: `.` and `_` are the
/// same character to it (two topics whose names differ only there cannot both exist,
/// as their metric names would clash), so `weekend.slots` and `weekend_slots`, or
/// `tournament.eligible.a_b.c` and `tournament.eligible.a.b_c`, share a key. Two
/// different names with the same key collide.
pub fn topic_collision_key(topic: &str) -> String {
    topic.replace('.', "_")
}

/// Checks that an operator or tournament id is 1-100 characters of `A-Za-z0-9._-`,
/// which keeps topic names within Kafka's rules and free of anything to escape.
pub fn validate_id(what: &'static str, value: &str) -> Result<(), EmitError> {
    let ok = !value.is_empty()
        && value.len() <= MAX_ID_LEN
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(EmitError::InvalidId {
            what,
            value: value.to_owned(),
        })
    }
}

/// `TOURNEY_<OPERATOR>_<ID>_<HASH8>` for a validated operator and tournament id.
pub fn stream_name(operator: &str, id: &str) -> Result<Ident, EmitError> {
    validate_id("operator id", operator)?;
    validate_id("tournament id", id)?;
    let hash = hash8(operator, id);
    Ok(Ident::new(format!(
        "TOURNEY_{}_{}_{hash}",
        word(operator),
        word(id)
    ))?)
}

/// `TOURNEY_<OPERATOR>_`: every stream of the operator starts with it.
///
/// It narrows a listing, but it is not proof of ownership: operator `a` has prefix
/// `TOURNEY_A_`, which also starts the streams of operator `a_b`. Check the full
/// stream name (see [`stream_name`]) before acting on a stream.
pub fn operator_prefix(operator: &str) -> Result<String, EmitError> {
    validate_id("operator id", operator)?;
    Ok(format!("TOURNEY_{}_", word(operator)))
}

/// Upper-cases `value` and replaces every character outside `[A-Z0-9]` with `_`.
fn word(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            let c = c.to_ascii_uppercase();
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Eight upper-case hex digits: FNV-1a 64 of `operator NUL id`, folded to 32 bits
/// (high half XOR low half).
fn hash8(operator: &str, id: &str) -> String {
    let mut input = Vec::with_capacity(operator.len() + id.len() + 1);
    input.extend_from_slice(operator.as_bytes());
    input.push(0);
    input.extend_from_slice(id.as_bytes());
    let h = fnv1a64(&input);
    format!("{:08X}", (h >> 32) ^ (h & 0xFFFF_FFFF))
}

/// FNV-1a, 64-bit: stable across platforms, releases and runs.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET_BASIS, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn names_follow_the_scheme() -> Result<(), EmitError> {
        let n = Names::new("operator-123", "weekend-slots-2024")?;
        assert_eq!(n.source_stream.as_str(), "WAGER_EVENTS");
        assert!(n
            .stream
            .as_str()
            .starts_with("TOURNEY_OPERATOR_123_WEEKEND_SLOTS_2024_"));
        assert_eq!(
            n.stream.as_str().len(),
            "TOURNEY_OPERATOR_123_WEEKEND_SLOTS_2024_".len() + 8
        );
        assert_eq!(n.operator_prefix, "TOURNEY_OPERATOR_123_");
        assert!(n.stream.as_str().starts_with(&n.operator_prefix));
        assert_eq!(
            n.eligible_topic,
            "tournament.eligible.operator-123.weekend-slots-2024"
        );
        assert_eq!(
            n.updates_topic,
            "leaderboard.updates.operator-123.weekend-slots-2024"
        );
        assert_eq!(n.dead_letter_topic, "tourney.dead-letter.operator-123");
        assert_eq!(
            n.leaderboard_key,
            "tournament:operator-123:weekend-slots-2024:leaderboard"
        );
        Ok(())
    }

    #[test]
    fn stream_names_are_stable() -> Result<(), EmitError> {
        // Changing this value renames every deployed stream: do not.
        assert_eq!(
            stream_name("op", "t1")?.as_str(),
            format!("TOURNEY_OP_T1_{}", hash8("op", "t1"))
        );
        assert_eq!(hash8("op", "t1"), hash8("op", "t1"));
        Ok(())
    }

    #[test]
    fn look_alike_ids_get_different_streams() -> Result<(), EmitError> {
        let pairs = [
            (("a-b", "x"), ("a_b", "x")),
            (("a.b", "x"), ("a_b", "x")),
            (("ab", "x"), ("AB", "x")),
            (("a", "b_c"), ("a_b", "c")),
            (("a", "b.c"), ("a.b", "c")),
        ];
        for ((o1, i1), (o2, i2)) in pairs {
            assert_ne!(
                stream_name(o1, i1)?,
                stream_name(o2, i2)?,
                "{o1}/{i1} vs {o2}/{i2}"
            );
        }
        Ok(())
    }

    #[test]
    fn topic_names_that_differ_only_by_dot_and_underscore_collide() -> Result<(), EmitError> {
        let key = |op: &str, id: &str| -> Result<String, EmitError> {
            Ok(topic_collision_key(&Names::new(op, id)?.eligible_topic))
        };
        assert_eq!(key("op", "weekend.slots")?, key("op", "weekend_slots")?);
        assert_eq!(key("a_b", "c")?, key("a", "b_c")?);
        assert_ne!(key("a-b", "c")?, key("a", "b_c")?);
        assert_eq!(topic_collision_key("wager.events"), "wager_events");
        Ok(())
    }

    #[test]
    fn bad_ids_are_rejected() {
        let long = "x".repeat(MAX_ID_LEN + 1);
        for bad in [
            "",
            "a b",
            "a'b",
            "a;b",
            "a/b",
            "é",
            "a\nb",
            "a\0b",
            long.as_str(),
        ] {
            assert!(
                matches!(Names::new(bad, "t"), Err(EmitError::InvalidId { .. })),
                "{bad:?}"
            );
            assert!(
                matches!(Names::new("op", bad), Err(EmitError::InvalidId { .. })),
                "{bad:?}"
            );
        }
        assert!(Names::new(&"x".repeat(MAX_ID_LEN), &"y".repeat(MAX_ID_LEN)).is_ok());
    }

    #[test]
    fn ids_of_only_punctuation_still_make_valid_names() -> Result<(), EmitError> {
        let n = Names::new("-", "..")?;
        assert!(n.stream.as_str().starts_with("TOURNEY_____"));
        Ok(())
    }
}
