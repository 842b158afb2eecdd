//! What the tournaments of one process share: the producer of their position changes
//! and dead letters, the PostgreSQL connection of their stores and tables, the lag
//! reporter, and the name their leases are taken under.

use crate::db::Db;
use crate::kafka::Deliveries;
use crate::producers::Producers;
use crate::redis_link::RedisLink;
use crate::scorer::lag::Positions;
use crate::scorer::Shared;
use crate::settings::Settings;
use crate::store::Holder;
use crate::WorkerError;
use std::sync::Arc;

#[derive(Clone)]
pub struct Io {
    pub producer: Arc<Producers>,
    pub delivery_errors: Deliveries,
    pub db: Db,
    pub positions: Positions,
    /// The live boards' Redis connection, when `--redis` is given.
    pub redis: Option<RedisLink>,
    /// Who takes the leases: `<host>/<pid>` unless told otherwise.
    pub holder: Holder,
}

impl Io {
    /// Connects `producers` producers and PostgreSQL and starts the lag reporter.
    pub fn connect(
        settings: &Settings,
        shared: &Shared,
        producers: usize,
    ) -> Result<Io, WorkerError> {
        let delivery_errors = Deliveries::default();
        let producer = Arc::new(Producers::connect(
            &settings.brokers,
            producers,
            &delivery_errors,
        )?);
        let db = Db::connect(&settings.postgres)?;
        let positions = Positions::default();
        crate::scorer::lag::spawn(&settings.brokers, &positions, shared)?;
        let redis = settings.redis.as_deref().map(RedisLink::open).transpose()?;
        Ok(Io {
            redis,
            producer,
            delivery_errors,
            db,
            positions,
            holder: Holder {
                name: settings.holder.clone(),
                api_url: settings.advertise.clone(),
            },
        })
    }
}

/// The default lease holder name: the host name (a pod's name in Kubernetes) and pid.
pub fn default_holder() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|| "worker".into());
    format!("{host}/{}", std::process::id())
}
