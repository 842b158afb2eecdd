//! The faults the fake can inject.

use std::time::Duration;

/// A fault for the n-th write statement (1-based) the fake receives.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// 400 / 40001 `line 1:1: Syntax Error`; nothing happens.
    SyntaxError,
    /// 500 / 50000; nothing happens.
    ServerError,
    /// The statement runs, then the answer is a 500 with ksqlDB's statement error
    /// body (`statement_error`, 50000).
    ErrorAfterApply,
    /// The statement runs, then a proxy answers this status with a plain-text page.
    GatewayAfterApply(u16),
    /// The statement runs, but the answer comes after this delay (the client times out).
    SlowAfterApply(Duration),
    /// The answer is delayed and the statement never runs.
    SlowNoApply(Duration),
    /// `commandStatus` QUEUED, effect invisible; `/status` says EXECUTING, then the
    /// command runs and says SUCCESS.
    Pending,
    /// The statement runs, then the answer says the stream already exists (as when an
    /// earlier, timed-out attempt or someone else created it first).
    AppliedButAlreadyExists,
    /// Someone else created the stream with another filter just before; the answer
    /// says it already exists.
    ExistsWithOtherFilter,
}
