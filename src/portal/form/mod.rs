//! The portal's form: a `.tourney` source read into form fields, and form fields
//! written back into the source by span-precise edits.
//!
//! [`read`] fills a [`Form`] from the syntax tree of the file's first block, with
//! values as the operator wrote them, and lists in [`Kept`] what the form cannot show
//! (tests, metadata, comments, other blocks, conditions of other shapes), marking the
//! fields such parts would have held read-only. [`write`] changes only the items whose
//! field changed, inserts new items in their canonical place and deletes removed ones;
//! every other byte of the original stays as it was, so `write(s, &read(s).form)` is
//! `s` itself.

mod board;
mod edit;
mod eligible;
mod error;
mod layout;
mod literal;
pub mod model;
mod read;
mod score;
mod text;
mod validate;
mod write;

#[cfg(test)]
mod tests;

pub use error::FormError;
pub use model::{Field, Form, FormRead, Kept};

/// Reads `source` into the form, listing what the form cannot show. Never fails: a
/// source the parser cannot fully read gives its reasons in `problems` (and
/// [`write`] refuses it).
pub fn read(source: &str) -> FormRead {
    read::read_source(source).read
}

/// Writes `form` into `source` by span-precise edits.
///
/// Refuses a source that does not parse, a change to a read-only field, and values
/// the source cannot hold (each literal is checked, and the result must read back as
/// `form`). Values the checker would refuse (an unknown time zone, say) are written:
/// the checker reports them.
pub fn write(source: &str, form: &Form) -> Result<String, FormError> {
    write::write(source, form)
}
