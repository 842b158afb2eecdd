//! What every backend of the portal's store does, written once over `&dyn Store`.

use crate::fixtures::{at, audit, source, R};
use tourney::portal::store::{
    hash_source, Activation, ApprovalState, DiffKind, Outcome, Store, StoreError,
};

fn conflict_current(r: Result<impl std::fmt::Debug, StoreError>) -> Option<String> {
    match r {
        Err(StoreError::Conflict { current }) => current,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

pub fn creating_then_saving_moves_the_head(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    assert_eq!(v1.hash, hash_source(&source("weekend", "One")));
    assert_eq!((v1.author.as_str(), v1.parent.as_deref()), ("ana", None));
    let v2 = s.save(
        "acme",
        "weekend",
        &source("weekend", "Two"),
        Some(&v1.hash),
        "bo",
    )?;
    assert_eq!(v2.parent.as_deref(), Some(v1.hash.as_str()));
    let head = s.get("acme", "weekend")?;
    assert_eq!(head.hash, v2.hash);
    assert_eq!(head.source, source("weekend", "Two"));
    let list = s.list("acme")?;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].tournament, "weekend");
    assert_eq!(list[0].head, v2.hash);
    assert_eq!(list[0].author.as_deref(), Some("bo"));
    assert!(matches!(
        s.get("acme", "nothing"),
        Err(StoreError::NotFound(_))
    ));
    Ok(())
}

pub fn creating_what_exists_is_a_conflict(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let again = s.save("acme", "weekend", &source("weekend", "Other"), None, "bo");
    assert_eq!(conflict_current(again), Some(v1.hash.clone()));
    assert_eq!(s.get("acme", "weekend")?.source, source("weekend", "One"));
    // Editing something that was never created is a conflict with no head.
    let stale = s.save("acme", "ghost", "x", Some(&v1.hash), "ana");
    assert_eq!(conflict_current(stale), None);
    Ok(())
}

pub fn a_save_from_a_stale_base_is_a_conflict_and_overwrites_nothing(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    // Two sessions opened v1; the first saves.
    let first = s.save(
        "acme",
        "weekend",
        &source("weekend", "First"),
        Some(&v1.hash),
        "ana",
    )?;
    let second = s.save(
        "acme",
        "weekend",
        &source("weekend", "Second"),
        Some(&v1.hash),
        "bo",
    );
    assert_eq!(conflict_current(second), Some(first.hash.clone()));
    assert_eq!(s.get("acme", "weekend")?.source, source("weekend", "First"));
    assert_eq!(s.versions("acme", "weekend")?.len(), 2);
    Ok(())
}

pub fn saving_the_head_again_changes_nothing(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let same = s.save(
        "acme",
        "weekend",
        &source("weekend", "One"),
        Some(&v1.hash),
        "bo",
    )?;
    assert_eq!(same, v1);
    assert_eq!(s.versions("acme", "weekend")?, vec![v1]);
    Ok(())
}

pub fn of_two_threads_saving_from_the_same_base_exactly_one_wins(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let base = v1.hash.clone();
                scope.spawn(move || {
                    let text = source("weekend", &format!("Edit {i}"));
                    s.save("acme", "weekend", &text, Some(&base), &format!("user{i}"))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    let winner = winners[0].hash.clone();
    for r in results.into_iter().filter(Result::is_err) {
        assert_eq!(conflict_current(r), Some(winner.clone()));
    }
    assert_eq!(s.get("acme", "weekend")?.hash, winner);
    Ok(())
}

pub fn every_version_is_kept_and_two_can_be_compared(s: &dyn Store) -> R {
    let one = "tournament weekend\n  title \"One\"\n  board 10\n";
    let two = "tournament weekend\n  title \"Two\"\n  board 10\n  prizes 3\n";
    let v1 = s.save("acme", "weekend", one, None, "ana")?;
    let v2 = s.save("acme", "weekend", two, Some(&v1.hash), "bo")?;
    let versions = s.versions("acme", "weekend")?;
    let hashes: Vec<_> = versions.iter().map(|v| v.hash.as_str()).collect();
    assert_eq!(hashes, [v1.hash.as_str(), v2.hash.as_str()]);
    assert_eq!(s.version("acme", "weekend", &v1.hash)?.source, one);
    assert_eq!(s.version("acme", "weekend", &v2.hash)?.version, v2);
    let diff = s.diff("acme", "weekend", &v1.hash, &v2.hash)?;
    let changed: Vec<_> = diff
        .iter()
        .filter(|l| l.kind != DiffKind::Same)
        .map(|l| (l.kind, l.text.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (DiffKind::Removed, "  title \"One\""),
            (DiffKind::Added, "  title \"Two\""),
            (DiffKind::Added, "  prizes 3"),
        ]
    );
    let missing = "0".repeat(64);
    assert!(matches!(
        s.version("acme", "weekend", &missing),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.version("acme", "weekend", "../../secrets"),
        Err(StoreError::NotFound(_))
    ));
    Ok(())
}

pub fn an_operator_sees_only_its_own_tournaments(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    assert!(s.list("rival")?.is_empty());
    assert!(matches!(
        s.get("rival", "weekend"),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.version("rival", "weekend", &v1.hash),
        Err(StoreError::NotFound(_))
    ));
    s.append_audit(&audit("acme", 1, "save"))?;
    assert!(s.audit("rival", None, 100)?.entries.is_empty());
    s.request_approval("acme", "weekend", &v1.hash, "ana")?;
    assert!(s.pending("rival")?.is_empty());
    Ok(())
}

pub fn hostile_names_are_refused(s: &dyn Store) -> R {
    let hostile = ["..", "../acme", "a/b", "a\0b", "", ".tourney", "a\\b"];
    for name in hostile {
        let refused = |r: Result<_, StoreError>| matches!(r, Err(StoreError::InvalidName { .. }));
        assert!(
            refused(s.save(name, "weekend", "x", None, "ana").map(drop)),
            "{name:?}"
        );
        assert!(
            refused(s.save("acme", name, "x", None, "ana").map(drop)),
            "{name:?}"
        );
        assert!(refused(s.get("acme", name).map(drop)), "{name:?}");
        assert!(refused(s.list(name).map(drop)), "{name:?}");
        assert!(refused(s.versions(name, "weekend").map(drop)), "{name:?}");
    }
    assert!(s.list("acme")?.is_empty());
    Ok(())
}

pub fn the_audit_log_reads_back_in_order_with_since_and_limit(s: &dyn Store) -> R {
    for (minute, action) in [(1, "save"), (2, "preview"), (3, "activate"), (4, "retire")] {
        s.append_audit(&audit("acme", minute, action))?;
    }
    s.append_audit(&audit("rival", 5, "save"))?;
    let all = s.audit("acme", None, 100)?;
    assert!(all.skipped.is_empty());
    let actions: Vec<_> = all.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["save", "preview", "activate", "retire"]);
    assert_eq!(all.entries[0], audit("acme", 1, "save"));
    let since: Vec<_> = s.audit("acme", Some(at(3)), 100)?.entries;
    assert_eq!(since.len(), 2);
    let last: Vec<_> = s.audit("acme", None, 1)?.entries;
    assert_eq!(last[0].action, "retire");
    Ok(())
}

pub fn four_eyes_refuses_the_requester_and_the_author(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let v2 = s.save(
        "acme",
        "weekend",
        &source("weekend", "Two"),
        Some(&v1.hash),
        "ana",
    )?;
    assert!(s.approval("acme", "weekend", &v2.hash)?.is_none());
    let asked = s.request_approval("acme", "weekend", &v2.hash, "bo")?;
    assert_eq!(asked.state, ApprovalState::Pending);
    assert_eq!(s.pending("acme")?, vec![asked.clone()]);
    // Asking again returns the same request.
    assert_eq!(
        s.request_approval("acme", "weekend", &v2.hash, "bo")?,
        asked
    );
    for who in ["bo", "ana"] {
        assert!(
            matches!(
                s.decide("acme", "weekend", &v2.hash, who, true),
                Err(StoreError::FourEyes(_))
            ),
            "{who} must not approve"
        );
    }
    let approved = s.decide("acme", "weekend", &v2.hash, "cy", true)?;
    assert_eq!(approved.state, ApprovalState::Approved);
    assert_eq!(approved.decided_by.as_deref(), Some("cy"));
    assert_eq!(s.approval("acme", "weekend", &v2.hash)?, Some(approved));
    assert!(s.pending("acme")?.is_empty());
    assert!(matches!(
        s.decide("acme", "weekend", &v2.hash, "di", false),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        s.request_approval("acme", "weekend", &"f".repeat(64), "bo"),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.decide("acme", "weekend", &v1.hash, "cy", true),
        Err(StoreError::NotFound(_))
    ));
    Ok(())
}

pub fn a_rejected_version_can_be_asked_again(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    s.request_approval("acme", "weekend", &v1.hash, "ana")?;
    let rejected = s.decide("acme", "weekend", &v1.hash, "cy", false)?;
    assert_eq!(rejected.state, ApprovalState::Rejected);
    let again = s.request_approval("acme", "weekend", &v1.hash, "ana")?;
    assert_eq!(again.state, ApprovalState::Pending);
    assert_eq!(again.decided_by, None);
    assert_eq!(s.pending("acme")?.len(), 1);
    Ok(())
}

pub fn activations_record_which_version_went_live(s: &dyn Store) -> R {
    let v1 = s.save("acme", "weekend", &source("weekend", "One"), None, "ana")?;
    let failed = Activation {
        operator: "acme".to_string(),
        tournament: "weekend".to_string(),
        version: v1.hash.clone(),
        at: at(10),
        by: "cy".to_string(),
        target: "http://ksqldb:8088".to_string(),
        result: Outcome::Failed,
        detail: "created 2 of 3 statements".to_string(),
    };
    let done = Activation {
        at: at(12),
        result: Outcome::Succeeded,
        detail: "created 3 of 3 statements".to_string(),
        ..failed.clone()
    };
    s.record_activation(&failed)?;
    s.record_activation(&done)?;
    assert_eq!(s.activations("acme", "weekend")?, vec![failed, done]);
    assert!(s.activations("acme", "other")?.is_empty());
    Ok(())
}
