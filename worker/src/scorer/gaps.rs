//! Records the broker skipped. After a restart the consumer asks for the offset the
//! snapshot covers, which can lie inside a record batch; a broker that answers with
//! the next batch instead (the development broker does, under load) would silently
//! drop the records in between. The scorer notices any record past the next offset
//! it expects, reads again from further back (skipping what it has applied), and only
//! accepts a gap that is still there after reading back a long way: offsets a topic
//! really lacks (transaction markers, compaction) are then passed over with a warning.

/// How far back the scorer reads on its first and second try at a gap.
const READ_BACK: [i64; 2] = [1_000, 100_000];

/// What the scorer does with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The next record, or one past a gap that is accepted: apply it.
    Apply,
    /// Applied already (read again after reading back): skip it.
    Skip,
    /// Records are missing before it: read again from this offset.
    ReadFrom(i64),
}

/// The gap being re-read, by partition and the offset expected, and the tries made.
#[derive(Debug, Default)]
pub struct Gaps {
    open: Option<(i32, i64, usize)>,
}

impl Gaps {
    /// The verdict on the record at `offset` of `partition` when `next` is the offset
    /// expected (`None`: nothing read yet, anything is the start).
    pub fn judge(&mut self, partition: i32, offset: i64, next: Option<i64>) -> Verdict {
        let Some(next) = next else {
            return Verdict::Apply;
        };
        if offset < next {
            return Verdict::Skip;
        }
        if offset == next {
            self.open = None;
            return Verdict::Apply;
        }
        let tries = match self.open {
            Some((p, n, tries)) if p == partition && n == next => tries,
            _ => 0,
        };
        match READ_BACK.get(tries) {
            Some(back) => {
                self.open = Some((partition, next, tries + 1));
                Verdict::ReadFrom(next.saturating_sub(*back).max(0))
            }
            None => {
                self.open = None;
                Verdict::Apply
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_record_is_applied_and_an_old_one_skipped() {
        let mut g = Gaps::default();
        assert_eq!(g.judge(0, 5, None), Verdict::Apply);
        assert_eq!(g.judge(0, 6, Some(6)), Verdict::Apply);
        assert_eq!(g.judge(0, 3, Some(7)), Verdict::Skip);
    }

    #[test]
    fn a_gap_is_read_again_from_further_back_twice_then_accepted() {
        let mut g = Gaps::default();
        assert_eq!(g.judge(0, 2210, Some(2200)), Verdict::ReadFrom(1200));
        assert_eq!(g.judge(0, 1300, Some(2200)), Verdict::Skip);
        assert_eq!(g.judge(0, 2210, Some(2200)), Verdict::ReadFrom(0));
        assert_eq!(g.judge(0, 2210, Some(2200)), Verdict::Apply);
    }

    #[test]
    fn a_gap_filled_by_reading_back_is_closed() {
        let mut g = Gaps::default();
        assert_eq!(g.judge(0, 2210, Some(2200)), Verdict::ReadFrom(1200));
        assert_eq!(g.judge(0, 2200, Some(2200)), Verdict::Apply);
        // A later gap starts its tries afresh.
        assert_eq!(g.judge(0, 3000, Some(2990)), Verdict::ReadFrom(1990));
    }
}
