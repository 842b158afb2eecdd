//! Consumer lag for `/metrics`, measured on a thread of its own: asking the broker for
//! its end offsets is a round trip the scoring loop must not wait for.

use super::Shared;
use crate::kafka;
use crate::offsets::Offsets;
use crate::WorkerError;
use parking_lot::Mutex;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Reports the lag of `position` every second until the worker stops.
pub(super) fn spawn(
    brokers: &str,
    parts: &[i32],
    position: &Arc<Mutex<Offsets>>,
    shared: &Shared,
) -> Result<(), WorkerError> {
    let client = kafka::consumer(brokers, "tourney-worker.lag")?;
    let (parts, position, shared) = (parts.to_vec(), Arc::clone(position), shared.clone());
    std::thread::spawn(move || {
        while !shared.stop.load(Ordering::Relaxed) {
            let at = position.lock().clone();
            for (p, lag) in kafka::lag(&client, &at, &parts) {
                shared.metrics.set_consumer_lag(&at.topic, p, lag);
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    Ok(())
}
