//! [`PgStore`]: the store in PostgreSQL, for production (the workers' database).
//!
//! Tables (created if missing, see `schema.sql`): `portal_versions`, `portal_heads`,
//! `portal_audit` (append-only: a trigger refuses UPDATE, DELETE and TRUNCATE),
//! `portal_approvals`, `portal_activations`. A save moves the head with a conditional
//! UPDATE (`... WHERE hash = base`) in a transaction: of two saves from the same base,
//! the second finds no row to update and is a conflict. Every query is parameterised.
//!
//! Connections come from a small pool (see `pg_pool.rs`).
//!
//! The `postgres` client runs its own small runtime: call the store from a blocking
//! thread (`spawn_blocking`), never directly from async code.

use super::pg_pool::Pool;
use super::{
    approvals, hash_source, is_hash, now, validate_name, Activation, Approval, ApprovalState,
    AuditEntry, AuditRead, Head, Outcome, Store, StoreError, Stored, Summary, Version,
};
use chrono::{DateTime, Utc};
use postgres::{Client, GenericClient, NoTls, Row};

const SCHEMA: &str = include_str!("schema.sql");

/// Taken while the tables are created, so two processes starting at once do not race.
const SCHEMA_LOCK: i64 = 0x746f_7572_6e65_7901;

/// The portal's storage in PostgreSQL.
pub struct PgStore {
    pool: Pool,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

fn db(e: postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(d) => StoreError::Backend(format!("PostgreSQL: {}", d.message())),
        None => StoreError::Backend(format!("PostgreSQL: {e}")),
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        db(e)
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and creates the tables that
    /// are missing.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
        tx.batch_execute(SCHEMA)?;
        tx.commit()?;
        Ok(PgStore {
            pool: Pool::new(url, client),
        })
    }

    /// Runs `f` on a connection of the pool.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.pool.with(f)
    }
}

const VERSION_COLUMNS: &str = "hash, operator, tournament, author, saved_at, parent, bytes";

fn version_row(r: &Row) -> Result<Version, StoreError> {
    Ok(Version {
        hash: r.try_get(0)?,
        operator: r.try_get(1)?,
        tournament: r.try_get(2)?,
        author: r.try_get(3)?,
        saved_at: r.try_get(4)?,
        parent: r.try_get(5)?,
        bytes: u64::try_from(r.try_get::<_, i64>(6)?).unwrap_or(0),
    })
}

fn find_version(
    c: &mut impl GenericClient,
    (operator, tournament, hash): (&str, &str, &str),
) -> Result<Option<Version>, StoreError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM portal_versions \
         WHERE operator = $1 AND tournament = $2 AND hash = $3"
    );
    c.query_opt(&sql, &[&operator, &tournament, &hash])?
        .map(|r| version_row(&r))
        .transpose()
}

fn head_hash(
    c: &mut impl GenericClient,
    operator: &str,
    tournament: &str,
) -> Result<Option<String>, StoreError> {
    let row = c.query_opt(
        "SELECT hash FROM portal_heads WHERE operator = $1 AND tournament = $2",
        &[&operator, &tournament],
    )?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

const APPROVAL_COLUMNS: &str =
    "operator, tournament, version, requested_by, requested_at, state, decided_by, decided_at";

fn approval_row(r: &Row) -> Result<Approval, StoreError> {
    let state: String = r.try_get(5)?;
    Ok(Approval {
        operator: r.try_get(0)?,
        tournament: r.try_get(1)?,
        version: r.try_get(2)?,
        requested_by: r.try_get(3)?,
        requested_at: r.try_get(4)?,
        state: ApprovalState::parse(&state)
            .ok_or_else(|| StoreError::Backend(format!("unknown approval state {state:?}")))?,
        decided_by: r.try_get(6)?,
        decided_at: r.try_get(7)?,
    })
}

fn find_approval(
    c: &mut impl GenericClient,
    (operator, tournament, version): (&str, &str, &str),
    lock: bool,
) -> Result<Option<Approval>, StoreError> {
    let sql = format!(
        "SELECT {APPROVAL_COLUMNS} FROM portal_approvals \
         WHERE operator = $1 AND tournament = $2 AND version = $3{}",
        if lock { " FOR UPDATE" } else { "" }
    );
    c.query_opt(&sql, &[&operator, &tournament, &version])?
        .map(|r| approval_row(&r))
        .transpose()
}

fn names(operator: &str, tournament: &str) -> Result<(), StoreError> {
    validate_name("operator", operator)?;
    validate_name("tournament", tournament)
}

fn save_in(
    c: &mut Client,
    (operator, tournament): (&str, &str),
    source: &str,
    base: Option<&str>,
    author: &str,
) -> Result<Version, StoreError> {
    let hash = hash_source(source);
    let at = now();
    let mut tx = c.transaction()?;
    match base {
        None => {
            let created = tx.execute(
                "INSERT INTO portal_heads (operator, tournament, hash, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&operator, &tournament, &hash, &at],
            )?;
            if created == 0 {
                let current = head_hash(&mut tx, operator, tournament)?;
                return Err(StoreError::Conflict { current });
            }
        }
        Some(base) => {
            let current = head_hash(&mut tx, operator, tournament)?;
            if current.as_deref() == Some(hash.as_str()) {
                if let Some(v) = find_version(&mut tx, (operator, tournament, &hash))? {
                    return Ok(v);
                }
            }
            let moved = tx.execute(
                "UPDATE portal_heads SET hash = $3, updated_at = $4 \
                 WHERE operator = $1 AND tournament = $2 AND hash = $5",
                &[&operator, &tournament, &hash, &at, &base],
            )?;
            if moved == 0 {
                let current = head_hash(&mut tx, operator, tournament)?;
                return Err(StoreError::Conflict { current });
            }
        }
    }
    tx.execute(
        "INSERT INTO portal_versions \
         (operator, tournament, hash, source, author, saved_at, parent, bytes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        &[
            &operator,
            &tournament,
            &hash,
            &source,
            &author,
            &at,
            &base,
            &i64::try_from(source.len()).unwrap_or(i64::MAX),
        ],
    )?;
    let version = find_version(&mut tx, (operator, tournament, &hash))?
        .ok_or_else(|| StoreError::Backend("the saved version is missing".to_string()))?;
    tx.commit()?;
    Ok(version)
}

impl Store for PgStore {
    fn list(&self, operator: &str) -> Result<Vec<Summary>, StoreError> {
        validate_name("operator", operator)?;
        self.with(|c| {
            let rows = c.query(
                "SELECT h.tournament, h.hash, h.updated_at, v.author \
                 FROM portal_heads h LEFT JOIN portal_versions v \
                 ON v.operator = h.operator AND v.tournament = h.tournament AND v.hash = h.hash \
                 WHERE h.operator = $1 ORDER BY h.tournament",
                &[&operator],
            )?;
            rows.iter()
                .map(|r| -> Result<Summary, StoreError> {
                    Ok(Summary {
                        tournament: r.try_get(0)?,
                        head: r.try_get(1)?,
                        saved_at: r.try_get(2)?,
                        author: r.try_get(3)?,
                    })
                })
                .collect()
        })
    }

    fn get(&self, operator: &str, tournament: &str) -> Result<Head, StoreError> {
        names(operator, tournament)?;
        let row = self.with(|c| {
            Ok(c.query_opt(
                "SELECT h.hash, v.source FROM portal_heads h JOIN portal_versions v \
                 ON v.operator = h.operator AND v.tournament = h.tournament AND v.hash = h.hash \
                 WHERE h.operator = $1 AND h.tournament = $2",
                &[&operator, &tournament],
            )?)
        })?;
        let row = row.ok_or_else(|| StoreError::NotFound(format!("tournament {tournament}")))?;
        Ok(Head {
            hash: row.try_get(0)?,
            source: row.try_get(1)?,
        })
    }

    fn save(
        &self,
        operator: &str,
        tournament: &str,
        source: &str,
        base: Option<&str>,
        author: &str,
    ) -> Result<Version, StoreError> {
        names(operator, tournament)?;
        self.with(|c| save_in(c, (operator, tournament), source, base, author))
    }

    fn versions(&self, operator: &str, tournament: &str) -> Result<Vec<Version>, StoreError> {
        names(operator, tournament)?;
        self.with(|c| {
            let sql = format!(
                "SELECT {VERSION_COLUMNS} FROM portal_versions \
                 WHERE operator = $1 AND tournament = $2 ORDER BY seq"
            );
            c.query(&sql, &[&operator, &tournament])?
                .iter()
                .map(version_row)
                .collect()
        })
    }

    fn version(&self, operator: &str, tournament: &str, hash: &str) -> Result<Stored, StoreError> {
        names(operator, tournament)?;
        let not_found = || StoreError::NotFound(format!("version {hash}"));
        if !is_hash(hash) {
            return Err(not_found());
        }
        self.with(|c| {
            let version = find_version(c, (operator, tournament, hash))?.ok_or_else(not_found)?;
            let row = c.query_one(
                "SELECT source FROM portal_versions \
                 WHERE operator = $1 AND tournament = $2 AND hash = $3",
                &[&operator, &tournament, &hash],
            )?;
            Ok(Stored {
                version,
                source: row.try_get(0)?,
            })
        })
    }

    fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        validate_name("operator", &e.operator)?;
        self.with(|c| {
            c.execute(
                "INSERT INTO portal_audit \
                 (at, operator, user_name, action, tournament, version, result, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &e.at,
                    &e.operator,
                    &e.user,
                    &e.action,
                    &e.tournament,
                    &e.version,
                    &e.result,
                    &e.detail,
                ],
            )?;
            Ok(())
        })
    }

    fn audit(
        &self,
        operator: &str,
        since: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<AuditRead, StoreError> {
        validate_name("operator", operator)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with(|c| {
            let rows = c.query(
                "SELECT at, operator, user_name, action, tournament, version, result, detail \
                 FROM (SELECT * FROM portal_audit \
                       WHERE operator = $1 AND ($2::timestamptz IS NULL OR at >= $2) \
                       ORDER BY seq DESC LIMIT $3) recent \
                 ORDER BY seq",
                &[&operator, &since, &limit],
            )?;
            let entries = rows
                .iter()
                .map(|r| -> Result<AuditEntry, StoreError> {
                    Ok(AuditEntry {
                        at: r.try_get(0)?,
                        operator: r.try_get(1)?,
                        user: r.try_get(2)?,
                        action: r.try_get(3)?,
                        tournament: r.try_get(4)?,
                        version: r.try_get(5)?,
                        result: r.try_get(6)?,
                        detail: r.try_get(7)?,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            Ok(AuditRead {
                entries,
                skipped: Vec::new(),
            })
        })
    }

    fn request_approval(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
        by: &str,
    ) -> Result<Approval, StoreError> {
        self.version(operator, tournament, version)?;
        let key = (operator, tournament, version);
        self.with(|c| {
            let mut tx = c.transaction()?;
            if let Some(a) = find_approval(&mut tx, key, true)? {
                if a.state != ApprovalState::Rejected {
                    return Ok(a);
                }
            }
            let a = approvals::requested(operator, tournament, version, by);
            tx.execute(
                "INSERT INTO portal_approvals \
                 (operator, tournament, version, requested_by, requested_at, state) \
                 VALUES ($1, $2, $3, $4, $5, 'pending') \
                 ON CONFLICT (operator, tournament, version) DO UPDATE SET \
                 requested_by = EXCLUDED.requested_by, requested_at = EXCLUDED.requested_at, \
                 state = 'pending', decided_by = NULL, decided_at = NULL",
                &[&operator, &tournament, &version, &by, &a.requested_at],
            )?;
            tx.commit()?;
            Ok(a)
        })
    }

    fn decide(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
        by: &str,
        approve: bool,
    ) -> Result<Approval, StoreError> {
        let author = self.version(operator, tournament, version)?.version.author;
        let key = (operator, tournament, version);
        self.with(|c| {
            let mut tx = c.transaction()?;
            let current = find_approval(&mut tx, key, true)?;
            let a = approvals::decide(current, &author, by, approve)?;
            tx.execute(
                "UPDATE portal_approvals SET state = $4, decided_by = $5, decided_at = $6 \
                 WHERE operator = $1 AND tournament = $2 AND version = $3",
                &[
                    &operator,
                    &tournament,
                    &version,
                    &a.state.as_str(),
                    &a.decided_by,
                    &a.decided_at,
                ],
            )?;
            tx.commit()?;
            Ok(a)
        })
    }

    fn approval(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
    ) -> Result<Option<Approval>, StoreError> {
        names(operator, tournament)?;
        self.with(|c| find_approval(c, (operator, tournament, version), false))
    }

    fn pending(&self, operator: &str) -> Result<Vec<Approval>, StoreError> {
        validate_name("operator", operator)?;
        self.with(|c| {
            let sql = format!(
                "SELECT {APPROVAL_COLUMNS} FROM portal_approvals \
                 WHERE operator = $1 AND state = 'pending' ORDER BY requested_at"
            );
            c.query(&sql, &[&operator])?
                .iter()
                .map(approval_row)
                .collect()
        })
    }

    fn record_activation(&self, a: &Activation) -> Result<(), StoreError> {
        names(&a.operator, &a.tournament)?;
        self.with(|c| {
            c.execute(
                "INSERT INTO portal_activations \
                 (operator, tournament, version, at, by_user, target, result, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &a.operator,
                    &a.tournament,
                    &a.version,
                    &a.at,
                    &a.by,
                    &a.target,
                    &a.result.as_str(),
                    &a.detail,
                ],
            )?;
            Ok(())
        })
    }

    fn activations(&self, operator: &str, tournament: &str) -> Result<Vec<Activation>, StoreError> {
        names(operator, tournament)?;
        self.with(|c| {
            let rows = c.query(
                "SELECT operator, tournament, version, at, by_user, target, result, detail \
                 FROM portal_activations WHERE operator = $1 AND tournament = $2 ORDER BY seq",
                &[&operator, &tournament],
            )?;
            rows.iter()
                .map(|r| -> Result<Activation, StoreError> {
                    let result: String = r.try_get(6)?;
                    Ok(Activation {
                        operator: r.try_get(0)?,
                        tournament: r.try_get(1)?,
                        version: r.try_get(2)?,
                        at: r.try_get(3)?,
                        by: r.try_get(4)?,
                        target: r.try_get(5)?,
                        result: Outcome::parse(&result).ok_or_else(|| {
                            StoreError::Backend(format!("unknown activation result {result:?}"))
                        })?,
                        detail: r.try_get(7)?,
                    })
                })
                .collect()
        })
    }
}
