//! Gap tracking: reordering and duplication within the grace period raise nothing;
//! a real hole always does; control windows compare what arrived.

use super::control::Control;
use super::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const GRACE: i64 = 30_000;

fn wager(source: &str, seq: u64, ms: i64) -> WagerEvent {
    WagerEvent {
        wager_id: Some(format!("{source}-{seq}")),
        player_id: Some("p".into()),
        wager_amount: Some(Decimal::ONE),
        timestamp_ms: Some(ms),
        source_id: Some(source.into()),
        source_seq: Some(seq.to_string()),
        ..WagerEvent::default()
    }
}

/// A run of `n` wagers numbered from 1, one per second, delivered in `order` (a
/// permutation of positions displaced by at most `shift`), with some sent twice.
fn delivered(n: u64, swaps: &[(usize, usize)], again: &[usize]) -> Vec<WagerEvent> {
    let mut evs: Vec<WagerEvent> = (1..=n)
        .map(|i| wager("pos-1", i, i as i64 * 1_000))
        .collect();
    for &(a, b) in swaps {
        let (a, b) = (a % evs.len(), b % evs.len());
        evs.swap(a, b);
    }
    for &i in again {
        let ev = evs[i % evs.len()].clone();
        evs.push(ev);
    }
    evs
}

proptest! {
    #[test]
    fn reordering_and_duplicates_within_the_grace_period_raise_nothing(
        n in 2u64..200,
        swaps in prop::collection::vec((0usize..200, 0usize..200), 0..40),
        again in prop::collection::vec(0usize..200, 0..20),
    ) {
        // Event times are the sequence's: a swap moves a wager by at most n seconds,
        // so the grace period is wider than any displacement here.
        let mut s = Sources::new(n as i64 * 1_000 + 1_000);
        for ev in delivered(n, &swaps, &again) {
            s.observe(&ev, false);
        }
        s.settle();
        prop_assert!(s.drain_notices().is_empty());
        let r = s.report(true);
        prop_assert!(r.is_clean(), "{r:?}");
        prop_assert_eq!(r.counters.gaps_closed_late, 0);
    }

    #[test]
    fn a_real_hole_is_always_reported(
        n in 3u64..200,
        hole in 1u64..200,
        width in 1u64..10,
        swaps in prop::collection::vec((0usize..200, 0usize..200), 0..40),
    ) {
        // Between the first and the last wager: holes before the first number seen or
        // after the last are invisible to sequences (the control records see those).
        let first = 2 + hole % (n - 2);
        let last = (first + width - 1).min(n - 1);
        let mut s = Sources::new(GRACE);
        for ev in delivered(n, &swaps, &[]) {
            let seq: u64 = ev.source_seq.as_deref().unwrap().parse().unwrap();
            if !(first..=last).contains(&seq) {
                s.observe(&ev, false);
            }
        }
        let r = s.report(true);
        prop_assert_eq!(r.missing, last - first + 1);
        prop_assert_eq!(r.gaps.iter().map(|g| g.missing).sum::<u64>(), last - first + 1);
        prop_assert!(r.gaps.iter().all(|g| g.first >= first && g.last <= last));
    }

    #[test]
    fn a_snapshot_neither_forgets_nor_invents_gaps(
        n in 3u64..100,
        cut in 0usize..100,
        missing in 1u64..100,
    ) {
        let missing = 1 + missing % (n - 1);
        let evs: Vec<WagerEvent> = (1..=n)
            .filter(|i| *i != missing)
            .map(|i| wager("pos-1", i, i as i64 * 1_000))
            .collect();
        let cut = cut % evs.len();
        let mut straight = Sources::new(GRACE);
        let mut before = Sources::new(GRACE);
        for ev in &evs[..cut] {
            straight.observe(ev, false);
            before.observe(ev, false);
        }
        let mem: SourcesMemory =
            serde_json::from_str(&serde_json::to_string(before.memory()).unwrap()).unwrap();
        let mut after = Sources::restore(GRACE, mem);
        for ev in &evs[cut..] {
            straight.observe(ev, false);
            after.observe(ev, false);
        }
        prop_assert_eq!(straight.report(true), after.report(true));
        prop_assert_eq!(straight.memory(), after.memory());
    }
}

#[test]
fn a_gap_is_reported_after_the_grace_period_and_closes_late() {
    let mut s = Sources::new(GRACE);
    for i in (1..=10).chain(21..=30) {
        s.observe(&wager("pos-1", i, i as i64 * 1_000), false);
    }
    // The hole 11..=20 was noticed at 21 s; 30 s is less than the grace later.
    assert!(s.report(false).gaps.is_empty());
    assert_eq!(s.report(false).pending_holes, 1);
    s.observe(&wager("pos-1", 31, 52_000), false);
    let r = s.report(false);
    assert_eq!(r.gaps.len(), 1);
    assert_eq!((r.gaps[0].first, r.gaps[0].last, r.missing), (11, 20, 10));
    assert_eq!(r.oldest_gap_age_ms, Some(31_000));
    assert!(matches!(&s.drain_notices()[..], [Notice::Gap(g)] if g.missing == 10));
    for i in 11..=20 {
        s.observe(&wager("pos-1", i, i as i64 * 1_000), false);
    }
    let r = s.report(false);
    assert!(r.is_clean());
    assert_eq!(r.counters.gaps_closed_late, 10);
}

#[test]
fn sources_are_tracked_apart_and_bad_numbers_only_counted() {
    let mut s = Sources::new(GRACE);
    s.observe(&wager("a", 1, 0), false);
    s.observe(&wager("b", 5, 0), false);
    s.observe(&wager("a", 3, 0), false);
    let mut bad = wager("a", 2, 0);
    bad.source_seq = Some("2.0".into());
    s.observe(&bad, false);
    let r = s.report(true);
    assert_eq!(r.sources, 2);
    assert_eq!(r.gaps.len(), 1);
    assert_eq!((r.gaps[0].source.as_str(), r.gaps[0].first), ("a", 2));
    assert_eq!(r.counters.unsequenced, 1);
    assert_eq!(sequence_number("007"), Some(7));
    assert_eq!(sequence_number("-1"), None);
    assert_eq!(sequence_number("18446744073709551616"), None);
}

fn control(wagers: u64, stakes: i64) -> Control {
    Control {
        source_id: "pos-1".into(),
        from_ms: 0,
        to_ms: 60_000,
        wagers,
        stakes: Decimal::new(stakes, 0),
    }
}

#[test]
fn control_windows_match_or_report_what_is_missing() {
    let mut s = Sources::new(GRACE);
    for i in 0..10 {
        let mut ev = wager("pos-1", 0, i * 5_000);
        ev.source_seq = None;
        s.observe(&ev, false);
    }
    // A duplicate adds nothing to the counts.
    s.observe(&wager("pos-1", 0, 1_000), true);
    s.control(control(10, 10)).unwrap();
    s.control(control(12, 12)).unwrap();
    assert!(s.report(false).mismatches.is_empty(), "not due yet");
    let mut late = wager("pos-1", 0, 95_000);
    late.source_seq = None;
    s.observe(&late, false);
    let r = s.report(false);
    assert_eq!(r.mismatches.len(), 1);
    assert_eq!(r.mismatches[0].arrived.wagers, 10);
    assert_eq!(r.mismatches[0].control.wagers, 12);
    assert_eq!(r.counters.controls_matched, 1);
    assert!(s
        .control(Control {
            to_ms: 1,
            ..control(1, 1)
        })
        .is_err());
    assert_eq!(s.report(false).counters.controls_invalid, 1);
}

#[test]
fn holes_over_all_sources_are_bounded() {
    let mut s = Sources::new(GRACE);
    for source in 0..11 {
        for i in 0..10_001u64 {
            s.observe(&wager(&format!("s-{source}"), i * 2, 0), false);
        }
    }
    let kept: usize = s.memory().sequences.values().map(|q| q.holes.len()).sum();
    assert!(kept <= MAX_TOTAL_HOLES + 11, "{kept}");
    let r = s.report(true);
    assert!(r.approximate);
    // Every hole is still counted: at least one number per hole of each source.
    assert!(r.missing >= 11 * 10_000, "{}", r.missing);
}
