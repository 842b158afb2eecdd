//! The Redis connection of a process, shared by the live boards of all the
//! tournaments it scores: a pool member holding a thousand tournaments keeps one
//! connection, not a thousand. A connection that failed is replaced on the next write;
//! the server's run id tells the boards whether the server they wrote to is still the
//! one answering (a restarted server lost them).

use parking_lot::Mutex;
use redis::{Client, Connection, RedisResult};
use std::sync::Arc;

#[derive(Clone)]
pub struct RedisLink {
    inner: Arc<Mutex<Link>>,
}

struct Link {
    client: Client,
    conn: Option<(Connection, Option<String>)>,
}

impl RedisLink {
    /// Checks the URL; connects on the first write.
    pub fn open(url: &str) -> RedisResult<RedisLink> {
        Ok(RedisLink {
            inner: Arc::new(Mutex::new(Link {
                client: Client::open(url)?,
                conn: None,
            })),
        })
    }

    /// Runs `f` on the connection with the server's run id, connecting first if
    /// needed; a failure drops the connection.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection, Option<&str>) -> RedisResult<T>,
    ) -> RedisResult<T> {
        let mut link = self.inner.lock();
        if link.conn.is_none() {
            let mut conn = link.client.get_connection()?;
            let info: String = redis::cmd("INFO").arg("server").query(&mut conn)?;
            let run_id = info
                .lines()
                .find_map(|l| l.strip_prefix("run_id:"))
                .map(|s| s.trim().to_string());
            link.conn = Some((conn, run_id));
        }
        let Some((conn, run_id)) = link.conn.as_mut() else {
            return Err(redis::RedisError::from((
                redis::ErrorKind::Io,
                "not connected to Redis",
            )));
        };
        let result = f(conn, run_id.as_deref());
        if result.is_err() {
            link.conn = None;
        }
        result
    }
}
