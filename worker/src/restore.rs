//! Where a scorer starts: the last snapshot and the offsets stored with it, or nothing.

use crate::offsets::Offsets;
use crate::store::Store;
use crate::WorkerError;
use tourney::engine::snapshot::RestoreError;
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
    match Engine::restore(t, opts, snap) {
        Ok(engine) => Ok((engine, stored.offsets)),
        // `deploy --force` changed the rules: what was counted under the old ones is
        // scored again under the new ones, from the start of the input.
        Err(e @ RestoreError::RulesChanged { .. }) => {
            tracing::warn!(tournament = %t.id, operator = %t.operator, reason = %e, "rescoring from the start of the input");
            Ok((Engine::new(t, opts), Offsets::new(topic)))
        }
        Err(e) => Err(WorkerError::Snapshot(e.to_string())),
    }
}
