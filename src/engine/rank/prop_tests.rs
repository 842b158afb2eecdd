//! Property tests: random operation sequences against a `BTreeSet` model.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::{RankKey, RankTree};

#[derive(Clone, Debug)]
enum Op {
    Insert(u16),
    Remove(u16),
    Replace(u16, u16),
    Rank(u16),
    CountLess(u16),
    Get(usize),
    IterFrom(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => any::<u16>().prop_map(|k| Op::Insert(k % 600)),
        2 => any::<u16>().prop_map(|k| Op::Remove(k % 600)),
        3 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Op::Replace(a % 600, b % 600)),
        1 => any::<u16>().prop_map(|k| Op::Rank(k % 600)),
        1 => any::<u16>().prop_map(|k| Op::CountLess(k % 600)),
        1 => (0usize..700).prop_map(Op::Get),
        1 => (0usize..700, 0usize..40).prop_map(|(i, n)| Op::IterFrom(i, n)),
    ]
}

/// Applies `op` to both and compares their answers.
fn apply<K: Ord + Copy + std::fmt::Debug>(
    tree: &mut RankTree<K>,
    model: &mut BTreeSet<K>,
    op: &Op,
    key: impl Fn(u16) -> K,
) -> Result<(), TestCaseError> {
    match *op {
        Op::Insert(k) => prop_assert_eq!(tree.insert(key(k)), model.insert(key(k))),
        Op::Remove(k) => prop_assert_eq!(tree.remove(&key(k)), model.remove(&key(k))),
        Op::Replace(a, b) => {
            let (old, new) = (key(a), key(b));
            let expected = model.contains(&old) && (old == new || !model.contains(&new));
            prop_assert_eq!(tree.replace(&old, new), expected);
            if expected {
                model.remove(&old);
                model.insert(new);
            }
        }
        Op::Rank(k) => prop_assert_eq!(tree.rank(&key(k)), model.iter().position(|x| *x == key(k))),
        Op::CountLess(k) => {
            prop_assert_eq!(tree.count_less(&key(k)), model.range(..key(k)).count())
        }
        Op::Get(i) => prop_assert_eq!(tree.get(i), model.iter().nth(i).copied()),
        Op::IterFrom(i, n) => {
            let got: Vec<K> = tree.iter_from(i).take(n).collect();
            let want: Vec<K> = model.iter().skip(i).take(n).copied().collect();
            prop_assert_eq!(got, want);
            prop_assert_eq!(tree.iter_from(i).len(), model.len().saturating_sub(i));
        }
    }
    prop_assert_eq!(tree.len(), model.len());
    if let Err(problem) = tree.check_invariants() {
        return Err(TestCaseError::fail(format!("after {op:?}: {problem}")));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn small_nodes_match_model(leaf in 4usize..10, fanout in 4usize..8, ops in prop::collection::vec(op(), 1..600)) {
        let mut tree = RankTree::with_node_sizes(leaf, fanout);
        let mut model = BTreeSet::new();
        for op in &ops {
            apply(&mut tree, &mut model, op, u32::from)?;
        }
        prop_assert!(tree.iter().eq(model.iter().copied()));
    }

    #[test]
    fn rank_keys_match_model(ops in prop::collection::vec(op(), 1..600)) {
        // Few scores, so many keys share one and order by tie, then player.
        let key = |k: u16| RankKey::new(i128::from(k % 7) * 100_000_000 - 300_000_000, u64::from(k / 7 % 5), u32::from(k));
        let mut tree = RankTree::with_node_sizes(5, 4);
        let mut model = BTreeSet::new();
        for op in &ops {
            apply(&mut tree, &mut model, op, key)?;
        }
        prop_assert!(tree.iter().eq(model.iter().copied()));
    }

    #[test]
    fn default_nodes_match_model(ops in prop::collection::vec(op(), 1..1500)) {
        let mut tree = RankTree::new();
        let mut model = BTreeSet::new();
        for op in &ops {
            apply(&mut tree, &mut model, op, u32::from)?;
        }
    }
}
