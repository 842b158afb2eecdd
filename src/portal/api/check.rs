//! `POST /v1/portal/check`: the checker's diagnostics of a source, placed by UTF-16
//! code-unit offsets (what a browser editor counts), each linked to its book page.

use super::source::{compile_for, Compiled};
use super::{PortalError, PortalState};
use crate::diagnostics::{Diagnostic, Severity};
use crate::portal::auth::Principal;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct SourceBody {
    pub source: String,
}

/// One diagnostic as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placed {
    code: String,
    severity: &'static str,
    message: String,
    /// UTF-16 offsets of the primary span in the source.
    from: usize,
    to: usize,
    /// One-based line and column (in characters) of `from`.
    line: usize,
    column: usize,
    help: Option<String>,
    /// The code's page in the book.
    url: String,
}

#[derive(Debug, Serialize)]
pub struct CheckAnswer {
    diagnostics: Vec<Placed>,
    tournament: Option<Named>,
}

#[derive(Debug, Serialize)]
struct Named {
    id: String,
    operator: String,
}

pub async fn check(
    State(state): State<PortalState>,
    who: Principal,
    Json(body): Json<SourceBody>,
) -> Result<Json<CheckAnswer>, PortalError> {
    let compiled = compile_for(&state, &who.operator, body.source).await?;
    let tournament = compiled.tournaments().next().map(|t| Named {
        id: t.id.clone(),
        operator: t.operator.clone(),
    });
    Ok(Json(CheckAnswer {
        diagnostics: placed(&compiled),
        tournament,
    }))
}

/// The diagnostics of a compiled source, in source order. A diagnostic in another file
/// (a workspace template) is placed at the start, its file named in the message.
pub fn placed(c: &Compiled) -> Vec<Placed> {
    let Some(main) = c.project.sources.get(c.main) else {
        return Vec::new();
    };
    let utf16 = Utf16::new(&main.text);
    c.checked
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file;
            let here = file.is_none_or(|f| f == c.main);
            let span = d.primary_span().filter(|_| here).unwrap_or_default();
            let (line, column) = main.line_col(span.start);
            let elsewhere = file
                .filter(|_| !here)
                .and_then(|f| c.project.sources.get(f))
                .map(|f| format!(" (in `{}`)", f.name))
                .unwrap_or_default();
            Placed {
                code: d.code.as_str().to_string(),
                severity: severity(d),
                message: format!("{}{elsewhere}", d.message),
                from: utf16.at(span.start),
                to: utf16.at(span.end.max(span.start)),
                line,
                column,
                help: d.help.clone(),
                url: format!("/book/diagnostics/{}.html", d.code.as_str()),
            }
        })
        .collect()
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        _ => "warning",
    }
}

/// Byte offsets to UTF-16 offsets, in one pass over the text.
struct Utf16 {
    /// `(byte offset, utf-16 offset)` of every character start, and of the end.
    starts: Vec<(usize, usize)>,
}

impl Utf16 {
    fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() + 1);
        let mut units = 0;
        for (i, ch) in text.char_indices() {
            starts.push((i, units));
            units += ch.len_utf16();
        }
        starts.push((text.len(), units));
        Utf16 { starts }
    }

    /// The UTF-16 offset of the character at or before byte `offset`.
    fn at(&self, offset: usize) -> usize {
        match self.starts.binary_search_by_key(&offset, |(b, _)| *b) {
            Ok(i) => self.starts.get(i).map_or(0, |s| s.1),
            Err(i) => self.starts.get(i.saturating_sub(1)).map_or(0, |s| s.1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_code_units() {
        let u = Utf16::new("a€😀b");
        assert_eq!(u.at(0), 0);
        assert_eq!(u.at(1), 1);
        assert_eq!(u.at(4), 2);
        assert_eq!(u.at(8), 4);
        assert_eq!(u.at(9), 5);
        assert_eq!(u.at(99), 5);
    }
}
