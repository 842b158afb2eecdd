//! The canonical formatter behind `tourney fmt`.
//!
//! The file is parsed, then printed again from its syntax tree in one canonical style:
//! two-space indentation, one item per line, single spaces between words, strings
//! re-escaped, one blank line between top-level blocks and at most one (where the
//! author left one) between the items of a block. Comments are put back next to the
//! items they were written next to. A file with syntax errors is refused rather than
//! formatted, so nothing the parser could not read is ever lost.

mod check;
mod cond;
mod items;
mod leaderboard;
mod printer;
mod scan;
mod score;
pub(crate) mod text;

#[cfg(test)]
mod tests;

pub use check::FormatError;

/// Formats a `.tourney` source text. The result ends with exactly one newline (or is
/// empty when the file holds nothing but whitespace).
///
/// # Errors
///
/// [`FormatError`] when the file has syntax errors: a line the grammar cannot read or
/// any diagnostic from the parser.
pub fn format_source(source: &str) -> Result<String, FormatError> {
    let file = check::parse_readable(source)?;
    Ok(items::file(source, &file))
}

/// Whether `source` is already formatted, i.e. [`format_source`] would not change it.
///
/// # Errors
///
/// [`FormatError`] when the file has syntax errors.
pub fn is_formatted(source: &str) -> Result<bool, FormatError> {
    Ok(format_source(source)? == source)
}
