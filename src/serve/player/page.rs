//! The player page, its script and style, and the embedding script: all embedded in
//! the binary.
//!
//! The page may be framed only by the operator's allowed origins (the keys file's
//! `origins`, in the `frame-ancestors` of its Content-Security-Policy). A player token
//! reaches the page in the URL fragment (`#token=…`), which browsers never send to
//! the server; the script removes it from the address bar at once.

use super::routes::tournament;
use crate::serve::api::{ApiError, ApiState};
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("assets/page.html");
const SCRIPT: &str = include_str!("assets/player.js");
const STYLE: &str = include_str!("assets/player.css");
const EMBED: &str = include_str!("assets/embed.js");

/// `s` safe inside HTML text and double-quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's Content-Security-Policy: same-origin everything, framed by `origins`.
pub fn csp(origins: &[String]) -> String {
    let mut ancestors = String::from("'self'");
    for o in origins {
        ancestors.push(' ');
        ancestors.push_str(o);
    }
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
         img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )
}

fn with_headers(
    body: String,
    content_type: &'static str,
    extra: &[(HeaderName, String)],
) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    );
    for (name, value) in extra {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name.clone(), v);
        }
    }
    res
}

/// `GET /play/{operator}/{id}`.
pub async fn page(
    State(state): State<ApiState>,
    Path((op, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let live = tournament(&state, &op, &id)?;
    let html = PAGE
        .replace("{{title}}", &escape_html(&live.tournament().title))
        .replace("{{operator}}", &escape_html(&op))
        .replace("{{tournament}}", &escape_html(&id));
    let policy = csp(state.player.keys.origins(&op));
    Ok(with_headers(
        html,
        "text/html; charset=utf-8",
        &[
            (HeaderName::from_static("content-security-policy"), policy),
            (CACHE_CONTROL, "no-cache".into()),
        ],
    ))
}

/// `GET /play/assets/{file}`: the page's script and style.
pub async fn asset(Path(file): Path<String>) -> Result<Response, ApiError> {
    let (body, kind) = match file.as_str() {
        "player.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        "player.css" => (STYLE, "text/css; charset=utf-8"),
        _ => return Err(ApiError::not_found("no such asset")),
    };
    Ok(with_headers(
        body.to_string(),
        kind,
        &[(CACHE_CONTROL, "public, max-age=300".into())],
    ))
}

/// `GET /play/embed.js`.
pub async fn embed_js() -> Response {
    with_headers(
        EMBED.to_string(),
        "text/javascript; charset=utf-8",
        &[(CACHE_CONTROL, "public, max-age=300".into())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_origins_join_the_frame_ancestors() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let p = csp(&["https://casino.example".to_string()]);
        assert!(p.ends_with("frame-ancestors 'self' https://casino.example"));
    }
}
