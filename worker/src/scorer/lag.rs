//! Consumer lag for `/metrics`, measured on one thread per process: asking the broker
//! for its end offsets is a round trip the scoring loop must not wait for.

use super::Shared;
use crate::kafka;
use crate::offsets::Offsets;
use crate::WorkerError;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// The last position each scorer handed over, by tournament (`operator/id`), with the
/// partitions it reads.
#[derive(Clone, Default)]
pub struct Positions(Arc<Mutex<BTreeMap<String, Position>>>);

/// The partitions a scorer reads, and where it is in them.
type Position = (Vec<i32>, Offsets);

impl Positions {
    pub fn set(&self, key: &str, parts: &[i32], at: &Offsets) {
        self.0
            .lock()
            .insert(key.to_string(), (parts.to_vec(), at.clone()));
    }

    /// Stops reporting a tournament (given back to the pool, or finalized).
    pub fn remove(&self, key: &str) {
        self.0.lock().remove(key);
    }

    fn all(&self) -> Vec<Position> {
        self.0.lock().values().cloned().collect()
    }
}

/// Reports the lag of every position every second until the worker stops.
pub(crate) fn spawn(
    brokers: &str,
    positions: &Positions,
    shared: &Shared,
) -> Result<(), WorkerError> {
    let client = kafka::consumer(brokers, "tourney-worker.lag")?;
    let (positions, shared) = (positions.clone(), shared.clone());
    std::thread::spawn(move || {
        while !shared.stop.load(Ordering::Relaxed) {
            for (parts, at) in positions.all() {
                for (p, lag) in kafka::lag(&client, &at, &parts) {
                    shared.metrics.set_consumer_lag(&at.topic, p, lag);
                }
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    Ok(())
}
