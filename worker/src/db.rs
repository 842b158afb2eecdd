//! The PostgreSQL connection of a process, shared by the stores and durable tables of
//! all the tournaments it scores: a pool member holding a thousand tournaments opens
//! one connection, not two thousand. A connection that broke is replaced on its next
//! use, so one failed statement costs one retry, not the process.

use crate::store::StoreError;
use parking_lot::Mutex;
use postgres::{Client, NoTls};
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    url: String,
    conn: Mutex<Option<Conn>>,
}

/// A connection, and the schemas created on it already.
struct Conn {
    client: Client,
    schemas: HashSet<&'static str>,
}

impl Db {
    /// Connects now, so that a wrong URL fails at start rather than at the first write.
    pub fn connect(url: &str) -> Result<Db, StoreError> {
        let client = connect(url)?;
        Ok(Db {
            inner: Arc::new(Inner {
                url: url.to_string(),
                conn: Mutex::new(Some(Conn::new(client))),
            }),
        })
    }

    /// Runs `schema` (idempotent DDL) once per connection, then `f`.
    pub fn with_schema<T>(
        &self,
        schema: &'static str,
        f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_conn(|conn| {
            if !conn.schemas.contains(schema) {
                conn.client.batch_execute(schema)?;
                conn.schemas.insert(schema);
            }
            f(&mut conn.client)
        })
    }

    /// Runs `f` on the connection, connecting first if the last one broke.
    pub fn run<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_conn(|conn| f(&mut conn.client))
    }

    fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut guard = self.inner.conn.lock();
        let conn = match guard.take() {
            Some(c) if !c.client.is_closed() => guard.insert(c),
            _ => guard.insert(Conn::new(connect(&self.inner.url)?)),
        };
        let result = f(conn);
        if matches!(result, Err(StoreError::Db(_))) && conn.client.is_closed() {
            *guard = None;
        }
        result
    }
}

/// Connects; the server's notices (a table that exists already) stay quiet.
fn connect(url: &str) -> Result<Client, StoreError> {
    let mut client = Client::connect(url, NoTls)?;
    client.batch_execute("SET client_min_messages = warning")?;
    Ok(client)
}

impl Conn {
    fn new(client: Client) -> Conn {
        Conn {
            client,
            schemas: HashSet::new(),
        }
    }
}
