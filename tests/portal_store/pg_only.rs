//! What only PostgreSQL does: the audit table refuses changes, the tables are created
//! once and found again.

use crate::fixtures::{audit, source, Database, R};
use tourney::portal::store::{PgStore, Store, StoreError};

#[test]
fn the_audit_table_is_append_only() -> R {
    let db = Database::new()?;
    db.store().append_audit(&audit("acme", 1, "save"))?;
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls)?;
    for sql in [
        "UPDATE portal_audit SET action = 'nothing'",
        "DELETE FROM portal_audit",
        "TRUNCATE portal_audit",
    ] {
        assert!(c.batch_execute(sql).is_err(), "{sql} must be refused");
    }
    assert_eq!(db.store().audit("acme", None, 10)?.entries.len(), 1);
    Ok(())
}

#[test]
fn a_second_connection_finds_the_same_tables_and_data() -> R {
    let db = Database::new()?;
    let v1 = db
        .store()
        .save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let again = PgStore::connect(&db.url)?;
    assert_eq!(again.get("acme", "weekend")?.hash, v1.hash);
    assert_eq!(again.versions("acme", "weekend")?, vec![v1]);
    Ok(())
}

#[test]
fn of_two_processes_saving_from_the_same_base_exactly_one_wins() -> R {
    let db = Database::new()?;
    let v1 = db
        .store()
        .save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    // Separate stores, separate connections: the database decides, not a lock here.
    let stores = [PgStore::connect(&db.url)?, PgStore::connect(&db.url)?];
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let (store, base) = (&stores[i % 2], v1.hash.clone());
                scope.spawn(move || {
                    let text = source("weekend", &format!("Edit {i}"));
                    store.save("acme", "weekend", &text, Some(&base), "bo")
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wins = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "{results:?}");
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict { .. })))
        .count();
    assert_eq!(conflicts, 7, "{results:?}");
    Ok(())
}
