//! Where a scorer starts: the last snapshot and the offsets stored with it, or nothing.

use crate::offsets::Offsets;
use crate::store::Store;
use crate::WorkerError;
use tourney::engine::{Engine, EngineOptions};
use tourney::ir::Tournament;

/// The engine and offsets to start from: the last snapshot, or a fresh start.
pub fn restore(
    t: &Tournament,
    opts: EngineOptions,
    store: &mut Store,
    topic: &str,
) -> Result<(Engine, Offsets), WorkerError> {
    let Some(stored) = store.load()? else {
        return Ok((Engine::new(t, opts), Offsets::new(topic)));
    };
    if stored.offsets.topic != topic {
        return Err(WorkerError::Snapshot(format!(
            "the snapshot covers topic {}, not {topic}",
            stored.offsets.topic
        )));
    }
    let snap = serde_json::from_slice(&stored.engine_json)
        .map_err(|e| WorkerError::Snapshot(format!("unreadable snapshot: {e}")))?;
    let engine =
        Engine::restore(t, opts, snap).map_err(|e| WorkerError::Snapshot(e.to_string()))?;
    Ok((engine, stored.offsets))
}
