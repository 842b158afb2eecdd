//! A fresh store for each test: a temporary workspace folder, or a new PostgreSQL
//! database (dropped afterwards). PostgreSQL unreachable is a failure, not a skip.

use chrono::{DateTime, TimeZone, Utc};
use std::sync::atomic::{AtomicU32, Ordering};
use tourney::portal::store::{AuditEntry, PgStore, WorkspaceStore};

pub type R = Result<(), Box<dyn std::error::Error>>;

pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub store: WorkspaceStore,
}

impl Workspace {
    pub fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = WorkspaceStore::open(dir.path())?;
        Ok(Workspace { dir, store })
    }
}

pub fn admin_url() -> String {
    std::env::var("TOURNEY_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database of its own for one test.
pub struct Database {
    store: Option<PgStore>,
    pub name: String,
    pub url: String,
}

impl Database {
    pub fn new() -> Result<Self, Box<dyn std::error::Error>> {
        static N: AtomicU32 = AtomicU32::new(0);
        let admin = admin_url();
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).map_err(|e| {
            format!("PostgreSQL is not reachable at {admin}: {e}; run `make services` or set TOURNEY_TEST_POSTGRES")
        })?;
        let name = format!(
            "portal_store_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        client.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        let store = PgStore::connect(&url)?;
        Ok(Database {
            store: Some(store),
            name,
            url,
        })
    }

    pub fn store(&self) -> &PgStore {
        self.store.as_ref().expect("the store is open until drop")
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        drop(self.store.take());
        if let Ok(mut c) = postgres::Client::connect(&admin_url(), postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A tournament source, different for each `title`.
pub fn source(id: &str, title: &str) -> String {
    format!(
        "tournament {id}\n  title \"{title}\"\n  operator \"acme\"\n  runs 2026-06-01T00:00:00Z .. 2026-06-02T00:00:00Z\n"
    )
}

pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, minute, 0)
        .single()
        .expect("a valid time")
}

pub fn audit(operator: &str, minute: u32, action: &str) -> AuditEntry {
    AuditEntry {
        at: at(minute),
        operator: operator.to_string(),
        user: "ana".to_string(),
        action: action.to_string(),
        tournament: Some("weekend".to_string()),
        version: None,
        result: "ok".to_string(),
        detail: format!("{action}, with \"quotes\", commas\nand a line break"),
    }
}
