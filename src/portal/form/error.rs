//! Why a form could not be written into a source.

use super::model::Field;
use serde::Serialize;

/// A refusal of [`super::write`]; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FormError {
    /// The original source has lines the parser cannot read: the form will not guess
    /// where its edits go.
    #[error("the source does not parse, so the form cannot edit it: {message}")]
    Unparsable { message: String },
    /// The source holds no `tournament` or `template` block.
    #[error("the source holds no tournament or template block")]
    NoBlock,
    /// A value is not one the source can hold (a malformed amount, a condition that
    /// is not one, a value that would read back as something else).
    #[error("{}: {message}", field.name())]
    Invalid { field: Field, message: String },
    /// The form changes a field the form shows read-only.
    #[error(
        "{} is read-only here: the source writes it in a shape the form cannot show",
        field.name()
    )]
    ReadOnly { field: Field },
}

impl FormError {
    /// The stable code of the refusal, for the API's `{"error": {"code", ...}}`.
    pub fn code(&self) -> &'static str {
        match self {
            FormError::Unparsable { .. } => "unparsable",
            FormError::NoBlock => "no_block",
            FormError::Invalid { .. } => "invalid_field",
            FormError::ReadOnly { .. } => "read_only",
        }
    }

    pub(super) fn invalid(field: Field, message: impl Into<String>) -> Self {
        FormError::Invalid {
            field,
            message: message.into(),
        }
    }
}
