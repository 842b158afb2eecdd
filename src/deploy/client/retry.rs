//! Retries with exponential back-off, for requests that are safe to send again.

use std::time::Duration;

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Attempts after the first.
    pub retries: u32,
    /// The first pause; each later one doubles, up to `max`.
    pub first: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            retries: 3,
            first: Duration::from_millis(200),
            max: Duration::from_secs(5),
        }
    }
}

impl Backoff {
    /// The pause before retry number `attempt` (0-based).
    pub fn pause(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(16)).unwrap_or(u32::MAX);
        self.first.saturating_mul(factor).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_the_maximum() {
        let b = Backoff {
            retries: 5,
            first: Duration::from_millis(100),
            max: Duration::from_millis(500),
        };
        let pauses: Vec<u128> = (0..5).map(|i| b.pause(i).as_millis()).collect();
        assert_eq!(pauses, [100, 200, 400, 500, 500]);
    }
}
