//! Rendering diagnostics: human (miette, with source snippets), short (one line each,
//! like a compiler's `file:line:col`), and JSON for CI systems.

use super::escape::{acts_on_terminal, escape_controls, shown};
use super::{Diagnostic, Severity, SourceMap};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde::Serialize;

/// How the CLI prints diagnostics (`--error-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ErrorFormat {
    /// Source snippets with labels and help.
    Human,
    /// One line per diagnostic: `file:line:col: severity[code]: message`.
    Short,
    /// One JSON document with every diagnostic.
    Json,
}

/// miette's view of one of our diagnostics.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: NamedSource<String>,
    shown: &'a ShownSource,
}

/// A file's text as a terminal may show it: every character that acts on a terminal
/// written out as `\u{..}` (spans are moved to match), and a lone carriage return,
/// which ends a line, as a newline.
struct ShownSource {
    text: String,
    /// Original offsets of the escaped characters, with the bytes added up to and
    /// including each.
    shifts: Vec<(usize, usize)>,
}

impl ShownSource {
    fn new(text: &str) -> Self {
        let mut shown_text = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        let mut added = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let crlf = c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n');
            if c == '\r' && !crlf {
                shown_text.push('\n');
            } else if acts_on_terminal(c) && !crlf {
                let s = shown(c);
                added += s.len() - c.len_utf8();
                shifts.push((i, added));
                shown_text.push_str(&s);
            } else {
                shown_text.push(c);
            }
        }
        ShownSource {
            text: shown_text,
            shifts,
        }
    }

    /// Where an offset of the original text is in the shown text.
    fn offset(&self, original: usize) -> usize {
        let before = self.shifts.partition_point(|(at, _)| *at < original);
        original + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }

    fn span(&self, span: crate::syntax::Span) -> miette::SourceSpan {
        let start = self.offset(span.start);
        let end = self.offset(span.end).max(start);
        (start, end - start).into()
    }
}

impl std::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape_controls(&self.diag.message))
    }
}

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape_controls(&self.diag.message))
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.diag.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(escape_controls(h).into_owned()) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let own = self
            .diag
            .labels
            .iter()
            .filter(|l| l.file.is_none() || l.file == self.diag.file);
        let labels: Vec<LabeledSpan> = own
            .enumerate()
            .map(|(i, l)| {
                let text =
                    (!l.message.is_empty()).then(|| escape_controls(&l.message).into_owned());
                let span = self.shown.span(l.span);
                if i == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            })
            .collect();
        Some(Box::new(labels.into_iter()))
    }
}

/// Renders diagnostics for a terminal. `color` picks the theme; tests pass `false` and a
/// fixed `width` so snapshots are stable.
pub fn render_human(
    diags: &[Diagnostic],
    sources: &SourceMap,
    color: bool,
    width: usize,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    let mut out = String::new();
    for diag in diags {
        let (name, text) = file_of(diag, sources);
        let shown = ShownSource::new(&text);
        let report = Report {
            diag,
            source: NamedSource::new(escape_controls(&name), shown.text.clone()),
            shown: &shown,
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&short_line(diag, sources));
        }
        for other in diag
            .labels
            .iter()
            .filter(|l| l.file.is_some() && l.file != diag.file)
        {
            if let Some(f) = other.file.and_then(|id| sources.get(id)) {
                let (line, col) = f.line_col(other.span.start);
                out.push_str(&format!(
                    "  note: {} ({}:{}:{})\n",
                    escape_controls(&other.message),
                    escape_controls(&f.name),
                    line,
                    col
                ));
            }
        }
        out.push('\n');
    }
    out
}

fn file_of(diag: &Diagnostic, sources: &SourceMap) -> (String, String) {
    match diag.file.and_then(|id| sources.get(id)) {
        Some(f) => (f.name.clone(), f.text.clone()),
        None => ("<input>".to_string(), String::new()),
    }
}

fn short_line(diag: &Diagnostic, sources: &SourceMap) -> String {
    let sev = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let place = match (
        diag.file.and_then(|id| sources.get(id)),
        diag.primary_span(),
    ) {
        (Some(f), Some(span)) => {
            let (line, col) = f.line_col(span.start);
            format!("{}:{}:{}: ", escape_controls(&f.name), line, col)
        }
        (Some(f), None) => format!("{}: ", escape_controls(&f.name)),
        _ => String::new(),
    };
    format!(
        "{place}{sev}[{}]: {}\n",
        diag.code,
        escape_controls(&diag.message)
    )
}

/// One line per diagnostic.
pub fn render_short(diags: &[Diagnostic], sources: &SourceMap) -> String {
    diags.iter().map(|d| short_line(d, sources)).collect()
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonLabel {
    file: Option<String>,
    message: String,
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    title: &'a str,
    message: &'a str,
    file: Option<String>,
    labels: Vec<JsonLabel>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: usize,
    warnings: usize,
}

/// A JSON document `{"diagnostics": [...], "errors": N, "warnings": N}`.
pub fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let diagnostics = diags.iter().map(|d| json_diag(d, sources)).collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let report = JsonReport {
        diagnostics,
        errors,
        warnings: diags.len() - errors,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| String::from("{}"))
}

fn json_diag<'a>(d: &'a Diagnostic, sources: &SourceMap) -> JsonDiagnostic<'a> {
    let labels = d
        .labels
        .iter()
        .filter_map(|l| {
            let f = sources.get(l.file.or(d.file)?)?;
            let pos = |off: usize| {
                let (line, column) = f.line_col(off);
                JsonPosition {
                    line,
                    column,
                    offset: off,
                }
            };
            Some(JsonLabel {
                file: Some(f.name.clone()),
                message: l.message.clone(),
                start: pos(l.span.start),
                end: pos(l.span.end),
            })
        })
        .collect();
    JsonDiagnostic {
        code: d.code.as_str(),
        severity: d.severity,
        title: d.code.info().title,
        message: &d.message,
        file: d
            .file
            .and_then(|id| sources.get(id))
            .map(|f| f.name.clone()),
        labels,
        help: d.help.as_deref(),
    }
}
