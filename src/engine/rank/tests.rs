//! Edge cases of the rank tree and of `RankKey`.

use std::collections::BTreeSet;
use std::mem::{align_of, size_of};

use super::{RankKey, RankTree};

fn checked<K: Ord + Copy + std::fmt::Debug>(tree: &RankTree<K>) {
    assert_eq!(tree.check_invariants(), Ok(()));
}

#[test]
fn rank_key_is_60_bytes() {
    assert_eq!(size_of::<RankKey>(), 60);
    assert_eq!(align_of::<RankKey>(), 4);
}

#[test]
fn rank_key_orders_score_down_then_tie_then_player() {
    let high = RankKey::new(500, 9, 9);
    let low = RankKey::new(100, 0, 0);
    assert!(high < low);
    assert!(RankKey::new(100, 1, 5) < RankKey::new(100, 2, 0));
    assert!(RankKey::new(100, 1, 1) < RankKey::new(100, 1, 2));
    assert_eq!(RankKey::new(7, 1, 1), RankKey::new(7, 1, 1));
}

#[test]
fn rank_key_round_trips_and_orders_extremes_and_negatives() {
    let scores = [
        i128::MAX,
        1 << 64,
        (1 << 64) - 1,
        150_000_000,
        1,
        0,
        -1,
        -(1 << 64),
        i128::MIN + 1,
        i128::MIN,
    ];
    let keys: Vec<RankKey> = scores.iter().map(|&s| RankKey::new(s, 0, 0)).collect();
    for (key, &score) in keys.iter().zip(&scores) {
        assert_eq!(key.score(), score);
    }
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "higher scores first");
    let tie = [u64::MAX, 1, 2, 3, u64::MAX];
    let key = RankKey::with_tie(-42, tie, u32::MAX);
    assert_eq!((key.score(), key.tie(), key.player()), (-42, tie, u32::MAX));
    // Every word of the tie counts, the last one too.
    assert!(RankKey::with_tie(0, [0, 0, 0, 0, 1], 0) < RankKey::with_tie(0, [0, 0, 0, 0, 2], 0));
    assert!(RankKey::with_tie(0, [0, 0, 0, 1, 0], 9) < RankKey::with_tie(0, [0, 0, 0, 1, 1], 0));
    assert!(RankKey::with_tie(0, [0, 1, 0, 0, 0], 9) < RankKey::with_tie(0, [0, 1, 0, 0, 1], 0));
}

#[test]
fn empty_tree() {
    let tree: RankTree<u32> = RankTree::new();
    assert_eq!(tree.len(), 0);
    assert!(tree.is_empty());
    assert_eq!(tree.rank(&3), None);
    assert_eq!(tree.count_less(&3), 0);
    assert_eq!(tree.get(0), None);
    assert_eq!(tree.iter_from(0).next(), None);
    assert_eq!(tree.heap_bytes(), 0);
    assert_eq!(tree.height(), 0);
    checked(&tree);
}

#[test]
fn single_key() {
    let mut tree = RankTree::new();
    assert!(tree.insert(5u32));
    assert!(!tree.insert(5));
    assert_eq!(tree.rank(&5), Some(0));
    assert_eq!(tree.rank(&4), None);
    assert_eq!(tree.count_less(&6), 1);
    assert_eq!(tree.get(0), Some(5));
    assert_eq!(tree.get(1), None);
    assert!(tree.replace(&5, 9));
    assert!(!tree.replace(&5, 10));
    assert_eq!(tree.iter().collect::<Vec<_>>(), [9]);
    assert!(tree.remove(&9));
    assert!(!tree.remove(&9));
    assert!(tree.is_empty());
    assert_eq!(tree.heap_bytes(), 0);
    checked(&tree);
}

#[test]
fn replace_onto_present_key_changes_nothing() {
    let mut tree: RankTree<u32> = (0..1000).collect();
    assert!(!tree.replace(&10, 11));
    assert!(!tree.replace(&10, 900));
    assert!(!tree.replace(&5000, 6000));
    assert_eq!(tree.len(), 1000);
    assert!(tree.contains(&10) && tree.contains(&900));
    assert!(tree.replace(&10, 10));
    checked(&tree);
}

#[test]
fn equal_scores_rank_by_tie_then_player() {
    let mut tree = RankTree::new();
    for player in 0..500u32 {
        let tie = u64::from(499 - player) / 2;
        tree.insert(RankKey::new(1_000_000_000, tie, player));
    }
    checked(&tree);
    let order: Vec<u32> = tree.iter().map(|k| k.player()).collect();
    let mut expected: Vec<u32> = (0..500).collect();
    expected.sort_by_key(|&p| (499 - p) / 2 * 1000 + p);
    assert_eq!(order, expected);
    let first = RankKey::new(1_000_000_000, 0, 498);
    assert_eq!(tree.rank(&first), Some(0));
}

#[test]
fn negative_and_extreme_scores_sort_correctly() {
    let scores = [
        0,
        -5,
        i128::MIN,
        i128::MAX,
        3,
        -300_000_000,
        7,
        i128::MIN + 1,
    ];
    let tree: RankTree<RankKey> = scores
        .iter()
        .zip(0..)
        .map(|(&s, p)| RankKey::new(s, 0, p))
        .collect();
    let order: Vec<i128> = tree.iter().map(|k| k.score()).collect();
    assert_eq!(
        order,
        [
            i128::MAX,
            7,
            3,
            0,
            -5,
            -300_000_000,
            i128::MIN + 1,
            i128::MIN
        ]
    );
    checked(&tree);
}

#[test]
fn large_tree_against_model() {
    let mut tree = RankTree::with_node_sizes(8, 5);
    let mut model = BTreeSet::new();
    let mut x: u64 = 7;
    for step in 0..40_000u64 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let key = (x >> 40) % 5000;
        match step % 4 {
            0 | 1 => assert_eq!(tree.insert(key), model.insert(key)),
            2 => assert_eq!(tree.remove(&key), model.remove(&key)),
            _ => {
                let old = model.iter().nth((key % 7) as usize).copied().unwrap_or(0);
                let ok = model.contains(&old) && !model.contains(&key);
                assert_eq!(
                    tree.replace(&old, key),
                    ok || old == key && model.contains(&old)
                );
                if ok {
                    model.remove(&old);
                    model.insert(key);
                }
            }
        }
        if step % 1000 == 0 {
            checked(&tree);
        }
    }
    checked(&tree);
    assert!(tree.height() >= 4);
    assert!(tree.iter().eq(model.iter().copied()));
    for (i, key) in model.iter().enumerate().step_by(37) {
        assert_eq!(tree.rank(key), Some(i));
        assert_eq!(tree.get(i), Some(*key));
    }
    while let Some(&key) = model.iter().next() {
        model.remove(&key);
        assert!(tree.remove(&key));
    }
    checked(&tree);
    assert_eq!(tree.heap_bytes(), 0);
}

#[test]
fn random_updates_keep_leaves_well_filled() {
    let mut tree = RankTree::new();
    let mut keys: Vec<u64> = Vec::new();
    let mut x: u64 = 11;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..100_000 {
        let key = next();
        if tree.insert(key) {
            keys.push(key);
        }
    }
    for _ in 0..300_000 {
        let slot = (next() % keys.len() as u64) as usize;
        let new = next();
        if tree.replace(&keys[slot], new) {
            keys[slot] = new;
        }
    }
    checked(&tree);
    let bytes_per_key = tree.heap_bytes() as f64 / tree.len() as f64;
    // 8-byte keys: 10 bytes a key is 80 % full leaves.
    assert!(bytes_per_key < 11.0, "{bytes_per_key} bytes per key");
}
