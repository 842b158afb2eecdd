//! Standard output of every command. A write error is never a panic: when the reader
//! went away (`| head`), the rest of the output is dropped and the command ends with
//! its usual exit status; any other error (a full disk) is [`CliError::Stdout`], exit 2
//! with a message. Every command writes through [`stdout`]; standard error through
//! [`say`].

use super::CliError;
use std::io::Write;

/// Buffered standard output; end with [`Stdout::finish`] so that the last write error
/// is seen too.
pub struct Stdout {
    inner: std::io::BufWriter<std::io::StdoutLock<'static>>,
    gone: bool,
}

/// Standard output, locked for this command.
pub fn stdout() -> Stdout {
    Stdout {
        inner: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
        gone: false,
    }
}

impl Stdout {
    /// What `write!` and `writeln!` call.
    pub fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) -> Result<(), CliError> {
        if self.gone {
            return Ok(());
        }
        let written = self.inner.write_fmt(args);
        self.settle(written)
    }

    pub fn write_str(&mut self, s: &str) -> Result<(), CliError> {
        self.write_fmt(format_args!("{s}"))
    }

    /// Writes out what is buffered (before a line on standard error, to keep order).
    pub fn flush(&mut self) -> Result<(), CliError> {
        if self.gone {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.settle(flushed)
    }

    /// Flushes what is buffered.
    pub fn finish(mut self) -> Result<(), CliError> {
        self.flush()
    }

    /// The writer itself, for code that streams into any `io::Write` and stops at the
    /// first error; pass that error to [`Stdout::settle`].
    pub fn raw(&mut self) -> &mut impl Write {
        &mut self.inner
    }

    /// The one decision on a write result: a reader that went away is not an error
    /// (the rest is dropped); anything else is.
    pub fn settle(&mut self, written: std::io::Result<()>) -> Result<(), CliError> {
        match written {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            Err(e) => Err(CliError::Stdout(e)),
        }
    }
}

/// A line on standard error. Errors are ignored: there is nowhere left to report them.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;
