//! Cache-friendly answers: an `ETag` over the body, `Cache-Control` with a max-age of
//! one update interval, and `304 Not Modified` for a matching `If-None-Match`.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// Who may keep a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Shared caches (a CDN) too.
    Public,
    /// The player's browser only: the answer depends on their token.
    Private,
}

/// Whole seconds of `interval`, at least one.
pub fn max_age(interval: Duration) -> u64 {
    interval.as_millis().div_ceil(1000).max(1) as u64
}

/// The strong ETag of `body`.
pub fn etag(body: &[u8]) -> String {
    let d = Sha256::digest(body);
    let hex: String = d.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` names `tag` (or is `*`); weak tags match too.
pub fn matches(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
}

/// `body` as JSON with its validators, or 304 when the client has it.
pub fn respond(headers: &HeaderMap, body: Vec<u8>, audience: Audience, age: u64) -> Response {
    let tag = etag(&body);
    let control = match audience {
        Audience::Public => format!("public, max-age={age}"),
        Audience::Private => format!("private, max-age={age}"),
    };
    let mut res = if matches(headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = body.into_response();
        r.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        r
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&control) {
        h.insert(CACHE_CONTROL, v);
    }
    h.insert(VARY, HeaderValue::from_static("Authorization"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_weak_tags_match() {
        let mut h = HeaderMap::new();
        h.insert(IF_NONE_MATCH, HeaderValue::from_static("\"a\", W/\"b\""));
        assert!(matches(&h, "\"b\""));
        assert!(!matches(&h, "\"c\""));
        assert_eq!(max_age(Duration::from_millis(50)), 1);
        assert_eq!(max_age(Duration::from_millis(10_001)), 11);
    }
}
