//! Rank index at tournament scale: 1,000,000 players with a skewed score
//! distribution, then updates, rank look-ups, top-100 and around-me reads.
//!
//! Run with `cargo bench --bench rank`; it also prints bytes per player. Update,
//! rank and around-me each start by reading a random player's current key from the
//! engine's player table (1,000,000 keys, not in cache), as the engine would.

use std::hint::black_box;
use std::time::Duration;
use tourney::gen::rng::SplitMix64;

use criterion::{criterion_group, criterion_main, Criterion};
use tourney::engine::rank_tree::{RankKey, RankTree};

const PLAYERS: u32 = 1_000_000;
/// Fixed-point scale of engine scores: points × 10^8.
const SCALE: i128 = 100_000_000;
/// Updates run before measuring, so memory and shape reflect a played tournament.
const WARM_UPDATES: usize = 2_000_000;

/// The generator's SplitMix64: small, fast, good enough for workloads.
struct Rng(SplitMix64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Pareto-distributed points (shape 1.16: the "80/20" tail) above `floor`, in
    /// fixed point with cent precision.
    fn points(&mut self, floor: f64) -> i128 {
        let points = floor * self.unit().powf(-1.0 / 1.16);
        (points * 100.0) as i128 * (SCALE / 100)
    }
}

/// The engine's side: each player's current key, and a clock for ties.
struct Board {
    tree: RankTree<RankKey>,
    keys: Vec<RankKey>,
    rng: Rng,
    clock: u64,
}

impl Board {
    /// 1,000,000 players inserted in random order: a fifth have not scored yet,
    /// the rest hold heavy-tailed scores (a few lose a little: negative scores).
    fn build() -> Self {
        let mut rng = Rng(SplitMix64::new(0x5eed));
        let mut keys = Vec::with_capacity(PLAYERS as usize);
        for player in 0..PLAYERS {
            let score = match rng.below(10) {
                0 | 1 => 0,
                2 => -rng.points(1.0) / 10,
                _ => rng.points(5.0),
            };
            keys.push(RankKey::new(score, rng.below(3_600_000), player));
        }
        let mut order: Vec<u32> = (0..PLAYERS).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut tree = RankTree::new();
        for &player in &order {
            tree.insert(keys[player as usize]);
        }
        Board {
            tree,
            keys,
            rng,
            clock: 3_600_000,
        }
    }

    /// A random player wins: their score rises by a heavy-tailed amount.
    fn update(&mut self) {
        let player = self.rng.below(u64::from(PLAYERS)) as u32;
        let old = self.keys[player as usize];
        self.clock += 1;
        let new = RankKey::new(old.score() + self.rng.points(1.0), self.clock, player);
        if self.tree.replace(&old, new) {
            self.keys[player as usize] = new;
        }
    }

    fn random_key(&mut self) -> RankKey {
        self.keys[self.rng.below(u64::from(PLAYERS)) as usize]
    }

    fn bytes_per_player(&self) -> f64 {
        self.tree.heap_bytes() as f64 / self.tree.len() as f64
    }
}

fn rank_index(c: &mut Criterion) {
    let mut board = Board::build();
    println!(
        "after bulk insert: {:.2} bytes per player, height {}",
        board.bytes_per_player(),
        board.tree.height()
    );
    for _ in 0..WARM_UPDATES {
        board.update();
    }
    println!(
        "after {WARM_UPDATES} updates: {:.2} bytes per player",
        board.bytes_per_player()
    );

    let mut group = c.benchmark_group("rank_1m");
    group
        .sample_size(60)
        .measurement_time(Duration::from_secs(6));
    group.bench_function("update", |b| b.iter(|| board.update()));
    group.bench_function("rank", |b| {
        b.iter(|| {
            let key = board.random_key();
            black_box(board.tree.rank(&key))
        })
    });
    group.bench_function("top_100", |b| {
        b.iter(|| {
            board
                .tree
                .iter_from(0)
                .take(100)
                .fold(0u64, |acc, k| acc ^ u64::from(k.player()))
        })
    });
    group.bench_function("around_me_5", |b| {
        b.iter(|| {
            let key = board.random_key();
            let rank = board.tree.rank(&key).unwrap_or(0);
            board
                .tree
                .iter_from(rank.saturating_sub(2))
                .take(5)
                .fold(0u64, |acc, k| acc ^ u64::from(k.player()))
        })
    });
    group.finish();
    println!(
        "after measuring: {:.2} bytes per player, {} players",
        board.bytes_per_player(),
        board.tree.len()
    );
}

criterion_group!(benches, rank_index);
criterion_main!(benches);
