//! The shape of the traffic: when wagers happen (a burst, then steady), who places them
//! (a few whales, a long tail), and what each player is like (segment, jurisdiction,
//! currency, favourite game).

use super::rng::{mix64, Rng};

/// How much denser the burst at the start of the window is than the steady traffic.
pub const BURST_FACTOR: u64 = 10;

/// Length of the burst at the start of a window: 5 % of it, at least 30 s, at most half.
pub fn burst_ms(duration_ms: i64) -> i64 {
    (duration_ms / 20).max(30_000).min(duration_ms / 2)
}

/// One stretch of the window with its share of the wagers.
#[derive(Debug, Clone, Copy)]
struct Stretch {
    start_ms: i64,
    len_ms: i64,
    count: u64,
}

/// Event times in ascending order, without storing them: inside each stretch the times
/// are the order statistics of uniform draws, produced one after the other (the gap to
/// the next of `k` remaining points is `1 - V^(1/k)` of what is left). This is a Poisson
/// process conditioned on its count.
#[derive(Debug, Clone)]
pub struct Clock {
    stretches: Vec<Stretch>,
    index: usize,
    left: u64,
    pos: f64,
}

impl Clock {
    /// `events` times in `[start_ms, start_ms + duration_ms)`; with `burst`, the first
    /// [`burst_ms`] of the window runs at [`BURST_FACTOR`] times the steady rate.
    pub fn new(start_ms: i64, duration_ms: i64, events: u64, burst: bool) -> Self {
        let burst_len = if burst { burst_ms(duration_ms) } else { 0 };
        let steady_len = duration_ms - burst_len;
        let weight_burst = (BURST_FACTOR as f64) * burst_len as f64;
        let weight_total = weight_burst + steady_len as f64;
        let in_burst = if weight_total > 0.0 {
            ((events as f64) * weight_burst / weight_total).round() as u64
        } else {
            0
        }
        .min(events);
        let stretches = vec![
            Stretch {
                start_ms,
                len_ms: burst_len,
                count: in_burst,
            },
            Stretch {
                start_ms: start_ms + burst_len,
                len_ms: steady_len,
                count: events - in_burst,
            },
        ];
        let left = stretches[0].count;
        Clock {
            stretches,
            index: 0,
            left,
            pos: 0.0,
        }
    }

    /// The next event time, or `None` when all have been given.
    pub fn next(&mut self, rng: &mut Rng) -> Option<i64> {
        while self.left == 0 {
            self.index += 1;
            let s = self.stretches.get(self.index)?;
            self.left = s.count;
            self.pos = 0.0;
        }
        let s = self.stretches.get(self.index)?;
        let k = self.left as f64;
        let step = -(rng.f64_nonzero().ln() / k).exp_m1();
        self.pos += (1.0 - self.pos) * step;
        self.left -= 1;
        let offset = ((self.pos * s.len_ms as f64) as i64).clamp(0, s.len_ms.max(1) - 1);
        Some(s.start_ms + offset)
    }
}

/// A weighted table: values with weights out of their sum.
type Table<T> = &'static [(T, u32)];

fn pick_weighted<T: Copy>(table: Table<T>, fraction: f64) -> Option<T> {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut target = (fraction * f64::from(total)) as u32;
    for (value, weight) in table {
        if target < *weight {
            return Some(*value);
        }
        target -= weight;
    }
    table.last().map(|(v, _)| *v)
}

/// A fraction in `[0, 1)` from 16 bits of a hash.
fn fraction(hash: u64, shift: u32) -> f64 {
    ((hash >> shift) & 0xFFFF) as f64 / 65_536.0
}

pub const CURRENCIES: Table<&str> = &[("EUR", 60), ("USD", 25), ("GBP", 15)];

pub const JURISDICTIONS: Table<Option<&str>> = &[
    (Some("MT"), 180),
    (Some("DE"), 180),
    (Some("GB"), 160),
    (Some("SE"), 140),
    (Some("CA-ON"), 100),
    (Some("NL"), 80),
    (Some("DK"), 60),
    (Some("IE"), 40),
    (Some("ES"), 40),
    (None, 20),
];

/// Player segments, from the most valuable down.
pub const SEGMENTS: [&str; 4] = ["VIP", "Gold", "Silver", "Regular"];

/// Game ids and their categories.
pub const GAMES: [(&str, &str); 24] = [
    ("slot-1", "slots"),
    ("slot-2", "slots"),
    ("slot-3", "slots"),
    ("slot-4", "slots"),
    ("slot-5", "slots"),
    ("slot-6", "slots"),
    ("slot-7", "slots"),
    ("slot-8", "slots"),
    ("slot-9", "slots"),
    ("slot-10", "slots"),
    ("slot-11", "slots"),
    ("slot-12", "slots"),
    ("slot-13", "slots"),
    ("slot-14", "slots"),
    ("slot-15", "slots"),
    ("slot-16", "slots"),
    ("slot-17", "slots"),
    ("slot-18", "slots"),
    ("slot-19", "slots"),
    ("slot-20", "slots"),
    ("live-roulette", "live"),
    ("live-blackjack", "live"),
    ("crash-1", "crash"),
    ("table-bj", "table"),
];

const SLOTS: usize = 20;
const LIVE_ROULETTE: usize = 20;
const LIVE_BLACKJACK: usize = 21;
const CRASH: usize = 22;
const TABLE: usize = 23;

/// A game index by overall popularity: slots most, popular slots far more than others.
pub fn pick_game(u: f64, v: f64) -> usize {
    match u {
        u if u < 0.62 => ((v * v * SLOTS as f64) as usize).min(SLOTS - 1),
        u if u < 0.74 => LIVE_ROULETTE,
        u if u < 0.82 => LIVE_BLACKJACK,
        u if u < 0.92 => CRASH,
        _ => TABLE,
    }
}

/// What stays the same for a player across all their wagers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Index into [`SEGMENTS`], `None` when the gaming system does not send it.
    pub segment: Option<usize>,
    pub jurisdiction: Option<&'static str>,
    pub currency: &'static str,
    /// Index into [`GAMES`].
    pub favourite_game: usize,
}

/// The player population: activity follows `1 / (rank + c)`, a Zipf-like law, so the
/// top 1 % of players place roughly a third to a half of all wagers. Ranks map to player
/// numbers through a fixed permutation, so whales are not simply the first ids.
#[derive(Debug, Clone)]
pub struct Players {
    count: u64,
    offset_c: f64,
    log_span: f64,
    stride: u64,
    shift: u64,
    seed: u64,
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Players {
    /// `count` players (at least one).
    pub fn new(count: u64, seed: u64) -> Self {
        let count = count.max(1);
        let offset_c = (count as f64 / 1000.0).max(1.0);
        let log_span = ((count as f64 + offset_c) / offset_c).ln();
        let h = mix64(seed ^ 0x5EED_9A7E_0000_0001);
        let mut stride = (h % count).max(1);
        while gcd(stride, count) != 1 {
            stride = stride % count + 1;
        }
        Players {
            count,
            offset_c,
            log_span,
            stride,
            shift: mix64(h) % count,
            seed,
        }
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// An activity rank, 0 being the most active player.
    pub fn pick_rank(&self, rng: &mut Rng) -> u64 {
        let x = self.offset_c * (rng.f64() * self.log_span).exp() - self.offset_c;
        (x.max(0.0) as u64).min(self.count - 1)
    }

    /// The player number (1-based) of an activity rank; a bijection on `0..count`.
    pub fn number(&self, rank: u64) -> u64 {
        let mixed = (u128::from(rank) * u128::from(self.stride) + u128::from(self.shift))
            % u128::from(self.count);
        mixed as u64 + 1
    }

    /// The stable traits of the player at an activity rank. The most active players are
    /// mostly VIP and Gold, the tail mostly Regular.
    pub fn profile(&self, rank: u64) -> Profile {
        let h = mix64(self.seed ^ mix64(self.number(rank)));
        let q = rank as f64 / self.count as f64;
        let mut band = match q {
            q if q < 0.01 => 0,
            q if q < 0.05 => 1,
            q if q < 0.25 => 2,
            _ => 3,
        };
        if fraction(h, 0) < 0.15 {
            band = (band + 1).min(3);
        }
        let segment = (fraction(h, 16) >= 0.01).then_some(band);
        let jurisdiction = pick_weighted(JURISDICTIONS, fraction(h, 32)).flatten();
        let currency = pick_weighted(CURRENCIES, fraction(h, 48)).unwrap_or("EUR");
        let g = mix64(h);
        let favourite_game = pick_game(fraction(g, 0), fraction(g, 16));
        Profile {
            segment,
            jurisdiction,
            currency,
            favourite_game,
        }
    }
}

/// Common stake sizes; most wagers use one of them.
const DENOMINATIONS: [u64; 31] = [
    10, 20, 25, 40, 50, 80, 100, 150, 200, 250, 300, 400, 500, 750, 1_000, 1_250, 1_500, 2_000,
    2_500, 3_000, 4_000, 5_000, 7_500, 10_000, 12_500, 15_000, 20_000, 25_000, 30_000, 40_000,
    50_000,
];

pub const MIN_STAKE_CENTS: u64 = 10;
pub const MAX_STAKE_CENTS: u64 = 50_000;

/// A stake in cents, 0.10 to 500.00, log-skewed towards small stakes; the higher the
/// segment, the larger the stakes.
pub fn stake_cents(segment: Option<usize>, rng: &mut Rng) -> u64 {
    let skew = match segment {
        Some(0) => 1.0,
        Some(1) => 1.6,
        Some(2) => 2.2,
        Some(_) => 3.0,
        None => 2.5,
    };
    let span = (MAX_STAKE_CENTS as f64 / MIN_STAKE_CENTS as f64).ln();
    let raw = MIN_STAKE_CENTS as f64 * (rng.f64().powf(skew) * span).exp();
    let cents = (raw.round() as u64).clamp(MIN_STAKE_CENTS, MAX_STAKE_CENTS);
    if rng.chance(0.8) {
        let i = DENOMINATIONS.partition_point(|&d| d <= cents);
        DENOMINATIONS[i.saturating_sub(1)]
    } else {
        cents
    }
}

/// Share of wagers that win nothing.
pub const LOSS_RATE: f64 = 0.7;

/// The win in cents: 70 % nothing, otherwise the stake times a Pareto multiplier
/// (0.5x up, tail index 1.2, capped at 1000x), rounded to the cent. The average return
/// is a little under 90 %, like a real casino floor.
pub fn win_cents(stake: u64, rng: &mut Rng) -> u64 {
    if rng.chance(LOSS_RATE) {
        return 0;
    }
    let multiplier = (0.5 / rng.f64_nonzero().powf(1.0 / 1.2)).min(1000.0);
    ((stake as f64 * multiplier).round() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_sorted_inside_the_window_with_the_right_count() {
        let mut rng = Rng::new(1);
        let mut clock = Clock::new(1_000, 3_600_000, 50_000, true);
        let mut last = i64::MIN;
        let mut n = 0;
        while let Some(t) = clock.next(&mut rng) {
            assert!(t >= last && (1_000..3_601_000).contains(&t));
            last = t;
            n += 1;
        }
        assert_eq!(n, 50_000);
    }

    #[test]
    fn burst_is_ten_times_denser() {
        let mut rng = Rng::new(2);
        let duration = 3_600_000;
        let b = burst_ms(duration);
        assert_eq!(b, 180_000);
        let mut clock = Clock::new(0, duration, 100_000, true);
        let (mut inside, mut outside) = (0u64, 0u64);
        while let Some(t) = clock.next(&mut rng) {
            if t < b {
                inside += 1;
            } else {
                outside += 1;
            }
        }
        let ratio = (inside as f64 / b as f64) / (outside as f64 / (duration - b) as f64);
        assert!((9.5..10.5).contains(&ratio), "{ratio}");
    }

    #[test]
    fn tiny_windows_work() {
        let mut rng = Rng::new(3);
        for (duration, burst) in [(1, true), (1, false), (59_999, true), (2, true)] {
            let mut clock = Clock::new(5, duration, 100, burst);
            let times: Vec<i64> = std::iter::from_fn(|| clock.next(&mut rng)).collect();
            assert_eq!(times.len(), 100);
            assert!(times.iter().all(|t| (5..5 + duration).contains(t)));
        }
    }

    #[test]
    fn player_numbers_are_a_permutation() {
        for count in [1, 2, 7, 100, 1_000, 4_096] {
            let p = Players::new(count, 9);
            let mut seen = vec![false; count as usize];
            for rank in 0..count {
                let n = p.number(rank);
                assert!((1..=count).contains(&n));
                assert!(!std::mem::replace(&mut seen[(n - 1) as usize], true));
            }
        }
    }

    #[test]
    fn whales_are_mostly_high_segments() {
        let p = Players::new(100_000, 5);
        let vip = (0..1_000)
            .filter(|&r| p.profile(r).segment == Some(0))
            .count();
        assert!(vip > 700, "{vip}");
        let regular = (50_000..51_000)
            .filter(|&r| p.profile(r).segment == Some(3))
            .count();
        assert!(regular > 900, "{regular}");
    }

    #[test]
    fn stakes_and_wins_stay_in_range() {
        let mut rng = Rng::new(11);
        let (mut zero, mut back, mut staked) = (0u64, 0u64, 0u64);
        for i in 0..200_000 {
            let s = stake_cents(Some(i % 4), &mut rng);
            assert!((MIN_STAKE_CENTS..=MAX_STAKE_CENTS).contains(&s));
            let w = win_cents(s, &mut rng);
            assert!(w <= s * 1000);
            zero += u64::from(w == 0);
            back += w;
            staked += s;
        }
        let loss = zero as f64 / 200_000.0;
        assert!((0.69..0.71).contains(&loss), "{loss}");
        let rtp = back as f64 / staked as f64;
        assert!((0.5..1.3).contains(&rtp), "{rtp}");
    }
}
