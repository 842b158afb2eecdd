//! Standard output of every command. A write error is never a panic: when the reader
//! went away (`| head`), the rest of the output is dropped and the command ends with
//! its usual exit status; any other error (a full disk) is [`CliError::Stdout`], exit 2
//! with a message. Every command writes through [`stdout`] (text for people: control
//! characters are shown as `\u{1b}`, never sent to the terminal) or [`data`] (JSON,
//! NDJSON, source text: written as is); standard error through [`say`] (escaped too).

use super::CliError;
use crate::diagnostics::escape_controls;
use std::io::Write;

/// Buffered standard output; end with [`Stdout::finish`] so that the last write error
/// is seen too.
pub struct Stdout {
    inner: std::io::BufWriter<std::io::StdoutLock<'static>>,
    gone: bool,
    escape: bool,
}

/// Standard output for text read by people: tables, reports, lists.
pub fn stdout() -> Stdout {
    open(true)
}

/// Standard output for data read by programs, written byte for byte.
pub fn data() -> Stdout {
    open(false)
}

/// Writes `value` as pretty JSON on standard output, with a final newline.
pub fn json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let mut out = data();
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )?;
    out.finish()
}

fn open(escape: bool) -> Stdout {
    Stdout {
        inner: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
        gone: false,
        escape,
    }
}

impl Stdout {
    /// What `write!` and `writeln!` call.
    pub fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) -> Result<(), CliError> {
        if self.gone {
            return Ok(());
        }
        let written = if self.escape {
            let text = std::fmt::format(args);
            self.inner.write_all(escape_controls(&text).as_bytes())
        } else {
            self.inner.write_fmt(args)
        };
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

    /// Writes what `f` writes into any `io::Write`, as text for people (escaped like
    /// every other write to [`stdout`]).
    pub fn write_with(
        &mut self,
        f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), CliError> {
        let mut buf = Vec::new();
        f(&mut buf).map_err(CliError::Stdout)?;
        self.write_str(&String::from_utf8_lossy(&buf))
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

/// A line on standard error, control characters shown. Errors are ignored: there is
/// nowhere left to report them.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            $crate::diagnostics::escape_controls(&line)
        );
    }};
}
pub(crate) use say;
