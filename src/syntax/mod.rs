//! Syntax: the pest grammar (`grammar/tourney.pest`) and the builders that turn its parse
//! tree into the spanned syntax tree of [`ast`].

pub mod ast;
mod bad_lines;
pub mod build;
pub mod comments;
pub mod nesting;
pub mod span;

pub use build::parse;
pub use span::{Span, Spanned};

/// The pest parser generated from the grammar file.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/tourney.pest"]
pub struct TourneyParser;
