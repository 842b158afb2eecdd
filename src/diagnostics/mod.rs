//! Diagnostics: what the parser and checker say about a file, with stable codes.
//!
//! Every pass pushes into one [`Diagnostics`] collector so a run reports every problem
//! at once; the driver stops before emitting anything when an error was collected.

mod codes;
mod escape;
mod render;
mod source;
mod suggest;

pub use codes::{Code, CodeInfo, ALL_CODES};
pub use escape::{acts_on_terminal, escape_controls};
pub use render::{render_human, render_json, render_short, ErrorFormat};
pub use source::{decode_source, without_bom, NotUtf8, SourceFile, SourceId, SourceMap};
pub use suggest::{did_you_mean, suggest};

use crate::syntax::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A labelled span; `file` is `None` for the file the diagnostic belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
    #[serde(skip)]
    pub file: Option<SourceId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The file the primary label points into; set by the driver.
    #[serde(skip)]
    pub file: Option<SourceId>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.info().severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            file: None,
        }
    }

    /// A diagnostic of an error code. Same as [`Diagnostic::new`]; reads better at call sites.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(code, message)
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            file: None,
        });
        self
    }

    pub fn with_label_in(mut self, file: SourceId, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            file: Some(file),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn in_file(mut self, file: SourceId) -> Self {
        self.file = Some(file);
        self
    }

    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The collector every pass writes into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    file: Option<SourceId>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// A collector that stamps every diagnostic with the file it came from.
    pub fn for_file(file: SourceId) -> Self {
        Diagnostics {
            items: Vec::new(),
            file: Some(file),
        }
    }

    pub fn push(&mut self, mut diag: Diagnostic) {
        if diag.file.is_none() {
            diag.file = self.file;
        }
        self.items.push(diag);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file and position, so output is stable whatever order the passes ran in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|d| {
            (
                d.file.map(|f| f.0),
                d.primary_span().map(|s| (s.start, s.end)),
                d.code,
            )
        });
        self.items
    }
}
