//! Where another replica of the pool answers for a tournament: the address its holder
//! wrote with the lease (`--advertise`). Asked by the read API for each request about
//! a tournament not held here ([`tourney::serve::api::elsewhere`]); answers are kept
//! for two seconds, so a busy page costs the database a query per tournament every
//! two seconds, not one per request.

use crate::db::Db;
use crate::store::holder_api;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tourney::serve::api::elsewhere::Locate;

const FRESH_FOR: Duration = Duration::from_secs(2);

pub struct Leases {
    db: Db,
    /// This replica's own address: never forwarded to.
    own: Option<String>,
    cache: Mutex<HashMap<(String, String), Answer>>,
}

/// When a holder was looked up, and its address.
type Answer = (Instant, Option<String>);

impl Leases {
    pub fn new(db: Db, own: Option<String>) -> Leases {
        Leases {
            db,
            own,
            cache: Mutex::new(HashMap::new()),
        }
    }
}

impl Locate for Leases {
    fn holder(&self, operator: &str, id: &str) -> Option<String> {
        let key = (operator.to_string(), id.to_string());
        if let Some((at, url)) = self.cache.lock().get(&key) {
            if at.elapsed() < FRESH_FOR {
                return url.clone();
            }
        }
        let url = match holder_api(&self.db, operator, id) {
            Ok(u) => u.filter(|u| Some(u) != self.own.as_ref()),
            Err(e) => {
                tracing::warn!(error = %e, "cannot look up a tournament's holder");
                None
            }
        };
        let mut cache = self.cache.lock();
        if cache.len() > 100_000 {
            cache.clear();
        }
        cache.insert(key, (Instant::now(), url.clone()));
        url
    }
}
