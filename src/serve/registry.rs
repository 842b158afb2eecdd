//! The live tournaments of a process, keyed by (operator, tournament id).
//!
//! Every lookup names the operator: a tournament id alone never finds anything, so one
//! operator's request cannot reach another operator's tournament, even when both use
//! the same id.

use super::live::LiveTournament;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;

type ById = HashMap<String, Arc<LiveTournament>>;

/// Live tournaments by operator, then by id.
#[derive(Default)]
pub struct Registry {
    by_operator: RwLock<HashMap<String, ById>>,
}

impl Registry {
    pub fn new() -> Arc<Self> {
        Arc::new(Registry::default())
    }

    /// Adds a tournament under its own operator and id; returns the one it replaces.
    pub fn insert(&self, live: Arc<LiveTournament>) -> Option<Arc<LiveTournament>> {
        self.by_operator
            .write()
            .entry(live.operator().to_string())
            .or_default()
            .insert(live.id().to_string(), live)
    }

    /// The tournament `id` of `operator`, if there is one.
    pub fn get(&self, operator: &str, id: &str) -> Option<Arc<LiveTournament>> {
        self.by_operator.read().get(operator)?.get(id).cloned()
    }

    /// Takes a tournament out (its subscribers see the stream end once the last
    /// reference is dropped).
    pub fn remove(&self, operator: &str, id: &str) -> Option<Arc<LiveTournament>> {
        let mut map = self.by_operator.write();
        let by_id = map.get_mut(operator)?;
        let removed = by_id.remove(id);
        if by_id.is_empty() {
            map.remove(operator);
        }
        removed
    }

    /// Every tournament, sorted by operator and id.
    pub fn all(&self) -> Vec<Arc<LiveTournament>> {
        let mut out: Vec<Arc<LiveTournament>> = self
            .by_operator
            .read()
            .values()
            .flat_map(|m| m.values().cloned())
            .collect();
        out.sort_by(|a, b| (a.operator(), a.id()).cmp(&(b.operator(), b.id())));
        out
    }

    pub fn len(&self) -> usize {
        self.by_operator.read().values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
