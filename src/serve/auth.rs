//! API tokens: each bearer token belongs to one operator.
//!
//! Tokens come from a file, JSON or TOML, mapping operators to their tokens:
//!
//! ```text
//! { "operator-123": ["s3cr3t-token-a", "s3cr3t-token-b"] }      # JSON
//! operator-123 = ["s3cr3t-token-a"]                              # TOML
//! ```
//!
//! or, for development, from a string `operator-123=token-a,operator-456=token-b`.
//! Only SHA-256 digests of the tokens are kept in memory; a presented token is hashed
//! and looked up, so no comparison ever runs over a secret.

mod file;

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Operators by the digest of their tokens.
#[derive(Default, Clone)]
pub struct Tokens {
    by_digest: HashMap<[u8; 32], String>,
}

/// Why a tokens file or string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokensError {
    #[error("not a JSON object of operators to lists of tokens: {0}")]
    Json(String),
    #[error("not a TOML table of operators to lists of tokens: {0}")]
    Toml(String),
    #[error("`{0}` is not `operator=token`")]
    Pair(String),
    #[error("operator `{0}` has an empty token")]
    Empty(String),
    #[error("a token is given to both `{0}` and `{1}`")]
    Shared(String, String),
    #[error("{0}: the operator is empty")]
    EmptyOperator(String),
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Tokens {
    pub fn new() -> Self {
        Tokens::default()
    }

    /// Gives `token` to `operator`.
    pub fn add(&mut self, operator: &str, token: &str) -> Result<(), TokensError> {
        if operator.trim().is_empty() {
            return Err(TokensError::EmptyOperator(format!("`{operator}={token}`")));
        }
        if token.trim().is_empty() {
            return Err(TokensError::Empty(operator.to_string()));
        }
        match self.by_digest.insert(digest(token), operator.to_string()) {
            Some(other) if other != operator => {
                Err(TokensError::Shared(other, operator.to_string()))
            }
            _ => Ok(()),
        }
    }

    /// Reads a tokens file: JSON when it starts with `{`, TOML otherwise. An operator
    /// given twice or an empty operator is refused with its line.
    pub fn parse(text: &str) -> Result<Self, TokensError> {
        let map: BTreeMap<String, Vec<String>> = if text.trim_start().starts_with('{') {
            serde_json::from_str::<file::Operators>(text)
                .map_err(|e| TokensError::Json(e.to_string()))?
                .0
        } else {
            toml::from_str(text).map_err(|e| TokensError::Toml(toml_message(text, &e)))?
        };
        let mut tokens = Tokens::new();
        for (operator, list) in &map {
            if operator.trim().is_empty() {
                return Err(TokensError::EmptyOperator(empty_key_line(text)));
            }
            for t in list {
                tokens.add(operator, t)?;
            }
        }
        Ok(tokens)
    }

    /// Reads `operator=token` pairs separated by commas (the development form).
    pub fn parse_pairs(text: &str) -> Result<Self, TokensError> {
        let mut tokens = Tokens::new();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((op, token)) = pair.split_once('=') else {
                return Err(TokensError::Pair(pair.to_string()));
            };
            tokens.add(op.trim(), token.trim())?;
        }
        Ok(tokens)
    }

    /// Adds every token of `other`.
    pub fn merge(&mut self, other: Tokens) -> Result<(), TokensError> {
        for (d, op) in other.by_digest {
            match self.by_digest.insert(d, op.clone()) {
                Some(prev) if prev != op => return Err(TokensError::Shared(prev, op)),
                _ => {}
            }
        }
        Ok(())
    }

    /// The operator a presented token belongs to.
    pub fn operator(&self, token: &str) -> Option<&str> {
        self.by_digest.get(&digest(token)).map(String::as_str)
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.by_digest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_digest.is_empty()
    }
}

/// `line N` of the first TOML line whose key is empty.
fn empty_key_line(text: &str) -> String {
    let line = text.lines().position(|l| {
        let l = l.trim_start();
        l.starts_with("\"\"") || l.starts_with("''")
    });
    line.map_or_else(|| "an operator".to_string(), |n| format!("line {}", n + 1))
}

/// A TOML error with the line it points at.
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message.to_string(),
    }
}

/// The token of an `Authorization: Bearer <token>` header value, or `None` when the
/// value is not of that form.
pub fn bearer(value: &axum::http::HeaderValue) -> Option<&str> {
    let v = value.to_str().ok()?;
    let token = v
        .strip_prefix("Bearer ")
        .or_else(|| v.strip_prefix("bearer "))?;
    Some(token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_toml_and_pairs_give_the_same_tokens() {
        let json = Tokens::parse(r#"{ "op-a": ["ta1", "ta2"], "op-b": ["tb"] }"#);
        let toml = Tokens::parse("op-a = [\"ta1\", \"ta2\"]\nop-b = [\"tb\"]\n");
        let pairs = Tokens::parse_pairs("op-a=ta1, op-a=ta2,op-b=tb");
        for tokens in [json, toml, pairs] {
            let tokens = tokens.unwrap_or_default();
            assert_eq!(tokens.operator("ta2"), Some("op-a"));
            assert_eq!(tokens.operator("tb"), Some("op-b"));
            assert_eq!(tokens.operator("tb "), None);
            assert_eq!(tokens.len(), 3);
        }
    }

    #[test]
    fn a_token_shared_by_two_operators_is_refused() {
        let err = Tokens::parse_pairs("op-a=same,op-b=same").err();
        assert_eq!(err, Some(TokensError::Shared("op-a".into(), "op-b".into())));
        assert!(matches!(
            Tokens::parse_pairs("op-a"),
            Err(TokensError::Pair(_))
        ));
        assert!(matches!(
            Tokens::parse(r#"{"op-a": [""]}"#),
            Err(TokensError::Empty(_))
        ));
    }
}
