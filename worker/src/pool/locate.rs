//! Where another replica of the pool answers for a tournament: the address its holder
//! wrote with the lease (`--advertise`). Asked by the read API for each request about
//! a tournament not held here ([`tourney::serve::api::elsewhere`]); answers are kept
//! for two seconds, so a busy page costs the database a query per tournament every
//! two seconds, not one per request. A tournament passing between replicas (released
//! and not finalized, or leased to this replica but not yet restored) is "moving":
//! never kept, asked again on the next request.

use crate::db::Db;
use crate::store::{holder_api, Lease};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tourney::serve::api::elsewhere::{Holder, Locate};

const FRESH_FOR: Duration = Duration::from_secs(2);

pub struct Leases {
    db: Db,
    /// This replica's own address: never forwarded to.
    own: Option<String>,
    cache: Mutex<HashMap<(String, String), Answer>>,
}

/// When a holder was looked up, and what was found.
type Answer = (Instant, Holder);

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
    fn holder(&self, operator: &str, id: &str) -> Holder {
        let key = (operator.to_string(), id.to_string());
        if let Some((at, holder)) = self.cache.lock().get(&key) {
            if at.elapsed() < FRESH_FOR {
                return holder.clone();
            }
        }
        let holder = match holder_api(&self.db, operator, id) {
            Ok(lease) => judge(self.own.as_deref(), lease),
            Err(e) => {
                tracing::warn!(error = %e, "cannot look up a tournament's holder");
                Holder::Nobody
            }
        };
        let mut cache = self.cache.lock();
        if cache.len() > 100_000 {
            cache.clear();
        }
        if holder == Holder::Moving {
            cache.remove(&key);
        } else {
            cache.insert(key, (Instant::now(), holder.clone()));
        }
        holder
    }
}

/// What a lease means for a request a replica (answering at `own`) cannot answer
/// itself.
fn judge(own: Option<&str>, lease: Lease) -> Holder {
    match lease {
        Lease::Held(Some(url)) if Some(url.as_str()) != own => Holder::Elsewhere(url),
        // Leased here but not (or no longer) served: restoring, or letting go.
        Lease::Held(Some(_)) | Lease::Between => Holder::Moving,
        Lease::Held(None) | Lease::None => Holder::Nobody,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_says_where_to_forward_or_to_retry() {
        let me = Some("http://a:8080");
        let other = || Lease::Held(Some("http://b:8080".into()));
        assert_eq!(
            judge(me, other()),
            Holder::Elsewhere("http://b:8080".into())
        );
        assert_eq!(
            judge(me, Lease::Held(Some("http://a:8080".into()))),
            Holder::Moving
        );
        assert_eq!(judge(me, Lease::Between), Holder::Moving);
        assert_eq!(judge(me, Lease::None), Holder::Nobody);
        assert_eq!(judge(me, Lease::Held(None)), Holder::Nobody);
    }
}
