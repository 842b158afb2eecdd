//! The live board in Redis, written after every batch and rebuilt from the engine's
//! state whenever Redis may have lost it (a restart, a failed write, a worker restart).
//!
//! Keys, all expiring 24 hours after the tournament ends:
//!
//! - `<board>`: sorted set, every member scored `0` and ordered by its bytes (see
//!   [`crate::member`]), so the order is exact;
//! - `<board>:players`: hash, player id → member (to find a player's place);
//! - `<board>:scores`: hash, player id → exact score as a decimal string;
//! - `<board>:meta`: hash, tournament metadata and progress.
//!
//! `<board>` is the key named in the compiled config, `tournament:<operator>:<id>:leaderboard`.

use crate::member;
use crate::redis_link::RedisLink;
use redis::Pipeline;
use std::collections::HashMap;
use tourney::engine::rank_tree::RankKey;
use tourney::engine::standings::Standings;

/// Players written per pipeline when the whole board is rewritten.
const REBUILD_CHUNK: usize = 10_000;

pub struct Board {
    link: RedisLink,
    key: String,
    expire_at_s: i64,
    /// The member last written for each player index, to remove it on a move.
    written: Vec<Option<RankKey>>,
    /// Redis lost (or may have lost) what was written: rewrite everything.
    stale: bool,
    /// The run id of the server last written to.
    server_run_id: Option<String>,
}

impl Board {
    pub fn new(link: &RedisLink, key: &str, expire_at_s: i64) -> Result<Board, redis::RedisError> {
        Ok(Board {
            link: link.clone(),
            key: key.to_string(),
            expire_at_s,
            written: Vec::new(),
            stale: true,
            server_run_id: None,
        })
    }

    /// Whether the next write will rebuild the whole board.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// Writes the players in `touched` (indices into the standings) and `meta`. On any
    /// error the board is marked stale and rebuilt by a later call; the error is
    /// returned for logging and metrics, never fatal.
    pub fn sync(
        &mut self,
        st: &Standings,
        touched: &[u32],
        meta: &[(&str, String)],
    ) -> Result<SyncKind, redis::RedisError> {
        let result = self.try_sync(st, touched, meta);
        if result.is_err() {
            self.stale = true;
        }
        result
    }

    fn try_sync(
        &mut self,
        st: &Standings,
        touched: &[u32],
        meta: &[(&str, String)],
    ) -> Result<SyncKind, redis::RedisError> {
        self.connect()?;
        if self.stale {
            self.rebuild(st, meta)?;
            self.stale = false;
            return Ok(SyncKind::Rebuilt);
        }
        let mut pipe = redis::pipe();
        pipe.atomic();
        for &idx in touched {
            self.stage_player(&mut pipe, &self.key.clone(), st, idx);
        }
        self.stage_meta(&mut pipe, &self.key.clone(), meta);
        self.expire(&mut pipe, &self.key.clone());
        self.run(&pipe)?;
        Ok(SyncKind::Incremental)
    }

    /// Connects if needed; a new server (another run id) means the board is gone.
    fn connect(&mut self) -> Result<(), redis::RedisError> {
        let run_id = self.link.with(|_, run_id| Ok(run_id.map(str::to_string)))?;
        if run_id != self.server_run_id {
            self.stale = true;
            self.server_run_id = run_id;
        }
        Ok(())
    }

    /// Sends a pipeline on the shared connection.
    fn run(&self, pipe: &Pipeline) -> Result<(), redis::RedisError> {
        self.link.with(|conn, _| pipe.query::<()>(conn))
    }

    /// Writes the whole board under temporary keys, then renames them over the live
    /// ones in one transaction, so readers never see a half-written board.
    fn rebuild(
        &mut self,
        st: &Standings,
        meta: &[(&str, String)],
    ) -> Result<(), redis::RedisError> {
        let tmp = format!("{}:rebuild", self.key);
        self.written.clear();
        let (tb, tp, ts, tm) = keys(&tmp);
        let mut pipe = redis::pipe();
        pipe.del(&[&tb, &tp, &ts, &tm]).ignore();
        let mut staged = 0usize;
        for (_, idx) in st.indices_from(1) {
            self.stage_player(&mut pipe, &tmp, st, idx);
            staged += 1;
            if staged % REBUILD_CHUNK == 0 {
                self.run(&pipe)?;
                pipe = redis::pipe();
            }
        }
        self.stage_meta(&mut pipe, &tmp, meta);
        self.run(&pipe)?;
        let (b, p, s, m) = keys(&self.key);
        let mut swap = redis::pipe();
        swap.atomic().del(&[&b, &p, &s]).ignore();
        let mut renames = vec![(&tm, &m)];
        if staged > 0 {
            renames.extend([(&tb, &b), (&tp, &p), (&ts, &s)]);
        }
        for (from, to) in renames {
            swap.cmd("RENAME").arg(from).arg(to).ignore();
        }
        self.expire(&mut swap, &self.key.clone());
        self.run(&swap)
    }

    fn stage_player(&mut self, pipe: &mut Pipeline, key: &str, st: &Standings, idx: u32) {
        let (Some(k), Some(p)) = (st.rank_key(idx), st.player(idx)) else {
            return;
        };
        let (board, players, scores, _) = keys(key);
        let slot = idx as usize;
        if self.written.len() <= slot {
            self.written.resize(slot + 1, None);
        }
        if let Some(old) = self.written[slot].replace(k) {
            if old == k {
                return;
            }
            pipe.zrem(&board, member::encode(&old, &p.id)).ignore();
        }
        let m = member::encode(&k, &p.id);
        pipe.zadd(&board, &m, 0).ignore();
        pipe.hset(&players, &p.id, &m).ignore();
        pipe.hset(&scores, &p.id, p.score.to_string()).ignore();
    }

    fn stage_meta(&self, pipe: &mut Pipeline, key: &str, meta: &[(&str, String)]) {
        if meta.is_empty() {
            return;
        }
        let fields: HashMap<&str, &str> = meta.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let fields: Vec<(&str, &str)> = fields.into_iter().collect();
        pipe.hset_multiple(keys(key).3, &fields).ignore();
    }

    fn expire(&self, pipe: &mut Pipeline, key: &str) {
        let (b, p, s, m) = keys(key);
        for k in [b, p, s, m] {
            pipe.cmd("EXPIREAT").arg(k).arg(self.expire_at_s).ignore();
        }
    }
}

/// What a successful [`Board::sync`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    Incremental,
    Rebuilt,
}

/// The board, players, scores and meta keys of a board key.
pub fn keys(board: &str) -> (String, String, String, String) {
    (
        board.to_string(),
        format!("{board}:players"),
        format!("{board}:scores"),
        format!("{board}:meta"),
    )
}
