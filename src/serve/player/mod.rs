//! The player view: a page per tournament, its JSON, and a WebSocket that pushes only
//! what a player sees change.
//!
//! - [`token`]: player tokens, signed with the operator's keys ([`keys`]).
//! - [`view`]: what a player sees (others through the tournament's `display` rule).
//! - [`routes`]: the board and the player's own place, with [`cache`] validators.
//! - [`hub`]: the per-tournament fan-out behind [`ws`], the WebSocket.
//! - [`page`]: the page, its script and style, and the embedding script.

pub mod auth;
pub mod cache;
pub mod hub;
pub mod keys;
pub mod message;
pub mod page;
pub mod routes;
mod tick;
pub mod token;
pub mod view;
pub mod ws;

pub use hub::{Hub, HubOptions};
pub use keys::PlayerKeys;
pub use token::Claims;

use crate::serve::live::LiveTournament;
use crate::serve::metrics::Metrics;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// What the player routes share: the keys, and one hub per live tournament.
#[derive(Default)]
pub struct PlayerState {
    pub keys: PlayerKeys,
    opts: HubOptions,
    hubs: Mutex<HashMap<(String, String), Arc<Hub>>>,
    sockets: Arc<AtomicU64>,
}

impl PlayerState {
    pub fn new(keys: PlayerKeys, opts: HubOptions) -> Self {
        PlayerState {
            keys,
            opts,
            hubs: Mutex::default(),
            sockets: Arc::default(),
        }
    }

    pub fn options(&self) -> HubOptions {
        self.opts
    }

    /// The hub of `live`, started on first use (a tournament replaced in the registry
    /// gets a new one).
    pub fn hub(&self, live: &Arc<LiveTournament>, metrics: &Arc<Metrics>) -> Arc<Hub> {
        let key = (live.operator().to_string(), live.id().to_string());
        let mut hubs = self.hubs.lock();
        if let Some(h) = hubs.get(&key).filter(|h| Arc::ptr_eq(h.live(), live)) {
            return h.clone();
        }
        let hub = Hub::with_sockets(
            live.clone(),
            metrics.clone(),
            self.opts,
            self.sockets.clone(),
        );
        hubs.insert(key, hub.clone());
        hub
    }
}
