//! Loading `.tourney` files into deploy targets, each with the span of its
//! `tournament` block, and pointing at that span when a statement fails.

use super::input::{check, failed, InputArgs};
use super::CliError;
use crate::check::CheckedProject;
use crate::deploy::Target;
use crate::diagnostics::{Diagnostics, SourceMap};
use crate::ir::SourceSpan;
use crate::syntax::ast::BlockKind;
use std::path::PathBuf;

/// The targets of `files`, or `None` when the files have errors (already printed).
pub fn load(files: &[PathBuf], input: &InputArgs) -> Result<Option<Vec<Target>>, CliError> {
    let (project, checked) = check(files, input)?;
    if failed(&checked.diagnostics, input) {
        return Ok(None);
    }
    targets(&project.sources, &checked).map(Some)
}

fn targets(sources: &SourceMap, checked: &CheckedProject) -> Result<Vec<Target>, CliError> {
    let mut out = Vec::new();
    for file in &checked.files {
        let Some(src) = sources.get(file.file) else {
            continue;
        };
        let parsed = crate::syntax::parse(&src.text, &mut Diagnostics::new());
        for t in &file.tournaments {
            let origin = parsed
                .blocks
                .iter()
                .find(|b| b.kind == BlockKind::Tournament && b.name.value == t.id)
                .map(|b| {
                    let (line, column) = src.line_col(b.span.start);
                    SourceSpan {
                        file: src.name.clone(),
                        span: b.span,
                        line,
                        column,
                    }
                });
            let target = Target::new(t, origin, src.text.clone())
                .map_err(|e| CliError::Usage(format!("cannot compile `{}`: {e}", t.id)))?;
            out.push(target);
        }
    }
    Ok(out)
}

/// `  --> file:line:col` and the first line of the `tournament` block, for errors.
pub fn pointer(target: &Target) -> String {
    let Some(o) = &target.origin else {
        return String::new();
    };
    // Lines as the diagnostics count them: `\n`, `\r\n` or a lone `\r` ends one.
    let source = target.source.replace("\r\n", "\n");
    let line = source
        .split(['\n', '\r'])
        .nth(o.line.saturating_sub(1))
        .unwrap_or("");
    let width = o.line.to_string().len();
    let pad = " ".repeat(width);
    let marks = "^".repeat(
        line.trim_end()
            .chars()
            .count()
            .saturating_sub(o.column - 1)
            .max(1),
    );
    format!(
        "  --> {}:{}:{}\n{pad} |\n{} | {}\n{pad} | {}{marks} the statement of this tournament\n",
        o.file,
        o.line,
        o.column,
        o.line,
        line.trim_end(),
        " ".repeat(o.column.saturating_sub(1))
    )
}
