//! From pest's parse tree to the syntax tree: one builder per grammar construct.

mod condition;
mod items;
mod leaderboard;
mod recover;
mod score;
mod test_case;
mod values;

use super::ast::{BadContext, BadLine, Block, BlockKind, File};
use super::span::Span;
use super::{nesting, Rule, TourneyParser};
use crate::diagnostics::Diagnostics;
use pest::iterators::Pair;
use pest::Parser;

pub(crate) use recover::explain_bad_line;

/// Parses one source text. Never fails: unreadable parts become [`BadLine`]s, and
/// malformed tokens (a bad escape, say) become diagnostics in `diags`. A file nested
/// deeper than the limit is refused whole, before the parser descends into it (T0008).
pub fn parse(source: &str, diags: &mut Diagnostics) -> File {
    if let Some(span) = nesting::too_deep(source).or_else(|| nesting::raw_too_deep(source)) {
        diags.push(nesting::too_deep_diagnostic("brackets nest", span));
        return empty_file();
    }
    if nesting::opens(source) <= nesting::MAX_NESTING {
        // So few brackets cannot nest deeper than the count allows, whatever they are.
        return parse_nested(source, diags);
    }
    match on_parser_stack(|| parse_nested(source, diags)) {
        Some(file) => file,
        // No thread could be started: parse here, where the bracket count bounds the depth.
        None => parse_nested(source, diags),
    }
}

/// Stack for the parser and the builders, which recurse once per level of nesting. The
/// bracket count above bounds that recursion for every file the grammar reads as
/// written; the room to spare keeps a file that misleads the count (a quote or comment
/// inside a line the grammar skips) from overflowing the stack.
const PARSER_STACK: usize = 64 << 20;

/// Runs `job` on a thread with a stack of [`PARSER_STACK`]; `None` when no thread could
/// be started.
pub(super) fn on_parser_stack<T: Send>(job: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("parser".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, job)
            .ok()?;
        Some(
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    })
}

fn parse_nested(source: &str, diags: &mut Diagnostics) -> File {
    match TourneyParser::parse(Rule::file, source) {
        Ok(mut pairs) => match pairs.next() {
            Some(file) => build_file(file, diags),
            None => empty_file(),
        },
        Err(err) => {
            // The file rule ends in catch-alls, so this is not expected; report it
            // rather than lose it.
            diags.push(recover::pest_error_diagnostic(&err, "the file"));
            empty_file()
        }
    }
}

fn empty_file() -> File {
    File {
        blocks: Vec::new(),
        bad: Vec::new(),
    }
}

fn build_file(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> File {
    let mut file = File {
        blocks: Vec::new(),
        bad: Vec::new(),
    };
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::tournament => file
                .blocks
                .push(build_block(item, BlockKind::Tournament, diags)),
            Rule::template => file
                .blocks
                .push(build_block(item, BlockKind::Template, diags)),
            Rule::bad_top => file.bad.push(bad_line(&item, BadContext::File)),
            _ => {}
        }
    }
    file
}

fn build_block(pair: Pair<'_, Rule>, kind: BlockKind, diags: &mut Diagnostics) -> Block {
    let span = Span::from_pest(pair.as_span());
    let mut name = None;
    let mut from = None;
    let mut items = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::string if name.is_none() => name = Some(values::string(part, diags)),
            Rule::from_clause => {
                if let Some(s) = part.into_inner().find(|p| p.as_rule() == Rule::string) {
                    from = Some(values::string(s, diags));
                }
            }
            Rule::k_tournament | Rule::k_template => {}
            _ => items.push(items::build_item(part, diags)),
        }
    }
    let name = name.unwrap_or_else(|| super::Spanned::new(String::new(), span));
    Block {
        kind,
        name,
        from,
        items,
        span,
    }
}

/// A catch-all match turned into a [`BadLine`].
pub(crate) fn bad_line(pair: &Pair<'_, Rule>, context: BadContext) -> BadLine {
    BadLine {
        context,
        text: pair.as_str().to_string(),
        span: Span::from_pest(pair.as_span()),
    }
}
