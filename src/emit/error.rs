//! Everything that can stop the emitter. None of it can happen for a model the
//! checker accepted; the emitter still checks rather than trusts.

use super::ident::IdentError;

/// Why a tournament could not be emitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmitError {
    /// A generated name is not a valid unquoted ksqlDB identifier.
    #[error(transparent)]
    Ident(#[from] IdentError),
    /// The operator or tournament id is not 1-100 characters of `A-Za-z0-9._-`.
    #[error("{what} `{value}` must be 1 to 100 characters from A-Z, a-z, 0-9, `.`, `_` and `-`")]
    InvalidId { what: &'static str, value: String },
    /// A literal of the wrong type for the field it is compared with.
    #[error("`{field}` ({ty}) cannot be compared with a {literal} literal")]
    LiteralType {
        field: &'static str,
        ty: &'static str,
        literal: &'static str,
    },
    /// A field that has no column in this position (e.g. `win.net in (...)`).
    #[error("`{field}` cannot be used in {position}")]
    Unsupported {
        field: &'static str,
        position: &'static str,
    },
    /// A text value holds a control character, which a `.sql` file cannot carry
    /// safely (the checker refuses it as T0009).
    #[error("text value {value:?} holds a control character")]
    ControlCharacter { value: String },
    /// A statement was asked for with zero partitions.
    #[error("the eligible topic needs at least one partition")]
    ZeroPartitions,
    /// A statement template failed to render.
    #[error("statement template `{name}` failed: {message}")]
    Template { name: &'static str, message: String },
}
