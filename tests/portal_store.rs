#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The portal's storage: one behaviour suite run against both backends (a workspace
//! folder and a real PostgreSQL), then what is particular to each.

#[path = "portal_store/behaviour.rs"]
mod behaviour;
#[path = "portal_store/fixtures.rs"]
mod fixtures;
#[path = "portal_store/pg_only.rs"]
mod pg_only;
#[path = "portal_store/workspace_only.rs"]
mod workspace_only;

/// Runs each behaviour of `behaviour.rs` against a fresh workspace and a fresh database.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod workspace {
            $(
                #[test]
                fn $name() -> crate::fixtures::R {
                    let ws = crate::fixtures::Workspace::new()?;
                    crate::behaviour::$name(&ws.store)
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() -> crate::fixtures::R {
                    let db = crate::fixtures::Database::new()?;
                    crate::behaviour::$name(db.store())
                }
            )*
        }
    };
}

on_both_backends!(
    creating_then_saving_moves_the_head,
    creating_what_exists_is_a_conflict,
    a_save_from_a_stale_base_is_a_conflict_and_overwrites_nothing,
    saving_the_head_again_changes_nothing,
    of_two_threads_saving_from_the_same_base_exactly_one_wins,
    every_version_is_kept_and_two_can_be_compared,
    an_operator_sees_only_its_own_tournaments,
    hostile_names_are_refused,
    the_audit_log_reads_back_in_order_with_since_and_limit,
    four_eyes_refuses_the_requester_and_the_author,
    a_rejected_version_can_be_asked_again,
    activations_record_which_version_went_live,
);
