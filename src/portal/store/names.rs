//! Operator and tournament ids become file names in a workspace, so they are checked
//! in one place before any path is built from them.

use super::StoreError;

/// The longest id accepted, in bytes.
pub const MAX_NAME: usize = 100;

/// Accepts an id that is safe as a file name on every system: 1 to 100 characters among
/// ASCII letters, digits, `_`, `-` and `.`, starting with a letter, a digit or `_`
/// (so never `.`, `..` or a hidden file), with no `/`, `\`, NUL or other control
/// character. `what` names the id in the error (`operator`, `tournament`).
pub fn validate_name(what: &'static str, name: &str) -> Result<(), StoreError> {
    let refuse = |reason| {
        Err(StoreError::InvalidName {
            what,
            name: name.chars().take(MAX_NAME).collect(),
            reason,
        })
    };
    let Some(first) = name.bytes().next() else {
        return refuse("it is empty");
    };
    if name.len() > MAX_NAME {
        return refuse("it is longer than 100 characters");
    }
    if !(first.is_ascii_alphanumeric() || first == b'_') {
        return refuse("it must start with a letter, a digit or `_`");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return refuse("only letters, digits, `_`, `-` and `.` are allowed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused() {
        for name in [
            "",
            ".",
            "..",
            "../etc",
            "a/b",
            "a\\b",
            "a\0b",
            ".hidden",
            "-rf",
            "a b",
            "a\nb",
            "caf\u{e9}",
            &"x".repeat(101),
        ] {
            assert!(
                validate_name("tournament", name).is_err(),
                "{name:?} should be refused"
            );
        }
    }

    #[test]
    fn ordinary_ids_are_accepted() {
        for name in [
            "weekend_slots",
            "acme",
            "acme-casino",
            "v1.2",
            "_x",
            "9lives",
        ] {
            assert!(validate_name("operator", name).is_ok(), "{name:?}");
        }
    }
}
