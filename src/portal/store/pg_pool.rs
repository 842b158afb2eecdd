//! A small pool of PostgreSQL connections, so concurrent requests do not wait for one
//! another: at most [`MAX_CONNECTIONS`] are open, the idle ones are reused, a lost one
//! is replaced.

use super::StoreError;
use parking_lot::{Condvar, Mutex};
use postgres::{Client, NoTls};

/// The most connections one store opens.
pub const MAX_CONNECTIONS: usize = 8;

pub struct Pool {
    url: String,
    state: Mutex<State>,
    freed: Condvar,
}

struct State {
    idle: Vec<Client>,
    open: usize,
}

impl Pool {
    /// A pool holding `first` (already connected) as its first idle connection.
    pub fn new(url: &str, first: Client) -> Self {
        Pool {
            url: url.to_string(),
            state: Mutex::new(State {
                idle: vec![first],
                open: 1,
            }),
            freed: Condvar::new(),
        }
    }

    /// Runs `f` on a connection of the pool.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.take()?;
        let out = f(&mut client);
        self.give_back(client);
        out
    }

    fn take(&self) -> Result<Client, StoreError> {
        let mut state = self.state.lock();
        loop {
            if let Some(c) = state.idle.pop() {
                if c.is_closed() {
                    state.open -= 1;
                    continue;
                }
                return Ok(c);
            }
            if state.open < MAX_CONNECTIONS {
                state.open += 1;
                break;
            }
            self.freed.wait(&mut state);
        }
        drop(state);
        Client::connect(&self.url, NoTls).map_err(|e| {
            self.state.lock().open -= 1;
            self.freed.notify_one();
            StoreError::from(e)
        })
    }

    fn give_back(&self, client: Client) {
        let mut state = self.state.lock();
        if client.is_closed() {
            state.open -= 1;
        } else {
            state.idle.push(client);
        }
        drop(state);
        self.freed.notify_one();
    }
}
