//! What only the workspace folder does: live files the command line and git see, edits
//! made outside the portal, an audit log that survives a restart and a torn line.

use crate::fixtures::{audit, source, Workspace, R};
use std::io::Write;
use tourney::portal::store::{hash_source, Store, StoreError, WorkspaceStore, OUTSIDE};

#[test]
fn the_live_file_is_where_the_command_line_and_git_see_it() -> R {
    let ws = Workspace::new()?;
    let v1 = ws
        .store
        .save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let live = ws.dir.path().join("acme").join("weekend.tourney");
    assert_eq!(std::fs::read_to_string(&live)?, source("weekend", "One"));
    let kept = ws
        .dir
        .path()
        .join(".tourney/versions/acme/weekend")
        .join(format!("{}.tourney", v1.hash));
    assert_eq!(std::fs::read_to_string(kept)?, source("weekend", "One"));
    // No temporary file left beside the live file.
    let names: Vec<_> = std::fs::read_dir(ws.dir.path().join("acme"))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    assert_eq!(names, ["weekend.tourney"]);
    Ok(())
}

#[test]
fn an_edit_by_git_in_between_is_a_conflict_and_becomes_a_version() -> R {
    let ws = Workspace::new()?;
    let s = &ws.store;
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let live = ws.dir.path().join("acme/weekend.tourney");
    std::fs::write(&live, source("weekend", "From git"))?;
    let outside = hash_source(&source("weekend", "From git"));
    let stale = s.save(
        "acme",
        "weekend",
        &source("weekend", "Two"),
        Some(&v1.hash),
        "ana",
    );
    assert!(
        matches!(&stale, Err(StoreError::Conflict { current: Some(c) }) if *c == outside),
        "{stale:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&live)?,
        source("weekend", "From git")
    );
    let versions = s.versions("acme", "weekend")?;
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].hash, outside);
    assert_eq!(versions[1].author, OUTSIDE);
    let v3 = s.save(
        "acme",
        "weekend",
        &source("weekend", "Two"),
        Some(&outside),
        "ana",
    )?;
    assert_eq!(v3.parent.as_deref(), Some(outside.as_str()));
    assert_eq!(s.diff("acme", "weekend", &v1.hash, &v3.hash)?.len(), 5);
    Ok(())
}

#[test]
fn a_file_added_by_git_is_listed_and_can_be_edited() -> R {
    let ws = Workspace::new()?;
    std::fs::create_dir_all(ws.dir.path().join("acme"))?;
    std::fs::write(
        ws.dir.path().join("acme/summer.tourney"),
        source("summer", "Summer"),
    )?;
    std::fs::write(ws.dir.path().join("acme/notes.txt"), "not a tournament")?;
    std::fs::write(ws.dir.path().join("acme/.hidden.tourney"), "skipped")?;
    let list = ws.store.list("acme")?;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].tournament, "summer");
    assert_eq!(list[0].author, None);
    let head = ws.store.get("acme", "summer")?;
    ws.store.save(
        "acme",
        "summer",
        &source("summer", "Summer 2"),
        Some(&head.hash),
        "ana",
    )?;
    assert_eq!(ws.store.versions("acme", "summer")?.len(), 2);
    Ok(())
}

#[test]
fn the_audit_log_survives_a_restart() -> R {
    let ws = Workspace::new()?;
    ws.store.append_audit(&audit("acme", 1, "save"))?;
    ws.store.append_audit(&audit("acme", 2, "activate"))?;
    drop(ws.store);
    let reopened = WorkspaceStore::open(ws.dir.path())?;
    let read = reopened.audit("acme", None, 100)?;
    assert_eq!(
        read.entries,
        [audit("acme", 1, "save"), audit("acme", 2, "activate")]
    );
    Ok(())
}

#[test]
fn a_torn_last_line_is_skipped_and_reported_and_the_next_entry_is_whole() -> R {
    let ws = Workspace::new()?;
    ws.store.append_audit(&audit("acme", 1, "save"))?;
    let log = ws.dir.path().join(".tourney/audit.ndjson");
    // A crash in the middle of writing the second line.
    let mut f = std::fs::OpenOptions::new().append(true).open(&log)?;
    f.write_all(br#"{"at":"2026-06-01T12:02:00Z","operator":"acme","us"#)?;
    drop(f);
    let read = ws.store.audit("acme", None, 100)?;
    assert_eq!(read.entries, [audit("acme", 1, "save")]);
    assert_eq!(read.skipped.len(), 1);
    assert_eq!(read.skipped[0].line, 2);
    ws.store.append_audit(&audit("acme", 3, "retire"))?;
    let read = ws.store.audit("acme", None, 100)?;
    assert_eq!(
        read.entries,
        [audit("acme", 1, "save"), audit("acme", 3, "retire")]
    );
    assert_eq!(read.skipped.len(), 1);
    Ok(())
}

#[test]
fn hostile_names_write_nothing_outside_the_workspace() -> R {
    let outer = tempfile::tempdir()?;
    let root = outer.path().join("ws");
    let store = WorkspaceStore::open(&root)?;
    for (op, id) in [("..", "x"), ("acme", "../../escape"), ("acme/..", "x")] {
        assert!(store.save(op, id, "x", None, "ana").is_err());
    }
    let names: Vec<_> = std::fs::read_dir(outer.path())?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    assert_eq!(names, ["ws"]);
    let inside: Vec<_> = std::fs::read_dir(&root)?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    assert_eq!(inside, [".tourney"]);
    Ok(())
}
