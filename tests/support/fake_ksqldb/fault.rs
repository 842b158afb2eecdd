//! The faults the fake can inject, and how it re-formats statement text.

use std::time::Duration;

/// A fault for the n-th write statement (1-based) the fake receives.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// 400 / 40001 `line 1:1: Syntax Error`; nothing happens.
    SyntaxError,
    /// 500 / 50000; nothing happens.
    ServerError,
    /// The statement runs, but the answer comes after this delay (the client times out).
    SlowAfterApply(Duration),
    /// The answer is delayed and the statement never runs.
    SlowNoApply(Duration),
    /// `commandStatus` QUEUED; `/status` says EXECUTING, then SUCCESS.
    Pending,
    /// The statement runs, then the answer says the stream already exists (as when an
    /// earlier, timed-out attempt or someone else created it first).
    AppliedButAlreadyExists,
    /// Someone else created the stream with another filter just before; the answer
    /// says it already exists.
    ExistsWithOtherFilter,
}

/// A re-formatted statement: one line, `REPLICAS` added beside `PARTITIONS`, the filter in
/// extra parentheses, a qualified column, `CREATE OR REPLACE` read as `CREATE`.
pub fn reformat(stmt: &str) -> String {
    stmt.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replacen("CREATE OR REPLACE ", "CREATE ", 1)
        .replacen(
            "VALUE_FORMAT='JSON', PARTITIONS=1)",
            "PARTITIONS=1, REPLICAS=1, VALUE_FORMAT='JSON')",
            1,
        )
        .replace("OPERATORID =", "WAGER_EVENTS.`OPERATORID` =")
        .replacen(" WHERE ", " WHERE (", 1)
        .replacen(" EMIT CHANGES", ") EMIT CHANGES", 1)
}
