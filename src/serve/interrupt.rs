//! Ctrl-C (SIGINT) for `tourney run`, caught from the moment the run starts.
//!
//! The handler is installed before anything is visible to a client, so a Ctrl-C can
//! never arrive between the run becoming observable (the API listening, a tournament
//! finished) and the handler being in place, when the default action would kill the
//! process instead of ending it cleanly.

use std::io;

/// An installed Ctrl-C handler.
pub struct Interrupt {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
    #[cfg(windows)]
    signal: tokio::signal::windows::CtrlC,
}

impl Interrupt {
    /// Installs the handler now (inside a tokio runtime). A Ctrl-C from here on is kept
    /// until [`Interrupt::recv`] takes it.
    pub fn install() -> io::Result<Self> {
        #[cfg(unix)]
        let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        #[cfg(windows)]
        let signal = tokio::signal::windows::ctrl_c()?;
        Ok(Interrupt { signal })
    }

    /// Waits for the next Ctrl-C (or one that came since the last call).
    pub async fn recv(&mut self) {
        if self.signal.recv().await.is_none() {
            std::future::pending::<()>().await;
        }
    }
}
