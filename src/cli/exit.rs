//! Exit codes, documented in the book (`cli.md`).

/// What a `tourney` run ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything checked out.
    Ok = 0,
    /// The input has errors (diagnostics), or a check found a difference
    /// (`fmt --check`, a failing `test`).
    Failed = 1,
    /// The command could not run: bad arguments, unreadable files, I/O errors.
    Usage = 2,
    /// `plan` found changes that `deploy` would make.
    Pending = 3,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
