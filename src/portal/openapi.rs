//! The OpenAPI 3.1 document of the portal API and the read API, served at
//! `GET /v1/openapi.json`. The document is written by hand (`openapi.json`); a test
//! checks that it names every route of the router, and nothing else.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

/// The document, as served.
pub const DOCUMENT: &str = include_str!("openapi.json");

/// The routes of the read API and the server (not in the portal's router), as
/// `(method, path)`; the document describes them too.
pub const OTHER_ROUTES: &[(&str, &str)] = &[
    ("get", "/v1/openapi.json"),
    ("get", "/v1/tournaments/{id}"),
    ("get", "/v1/tournaments/{id}/leaderboard"),
    ("get", "/v1/tournaments/{id}/players/{player}"),
    ("get", "/v1/tournaments/{id}/changes"),
    ("get", "/v1/tournaments/{id}/analytics"),
    ("get", "/v1/play/{operator}/{id}/board"),
    ("get", "/v1/play/{operator}/{id}/me"),
    ("get", "/v1/play/{operator}/{id}/ws"),
    ("get", "/healthz"),
    ("get", "/metrics"),
];

pub async fn document() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT)
}

/// Every `(method, path)` the document describes.
pub fn described() -> Result<Vec<(String, String)>, String> {
    let doc: serde_json::Value = serde_json::from_str(DOCUMENT).map_err(|e| e.to_string())?;
    let paths = doc
        .get("paths")
        .and_then(|p| p.as_object())
        .ok_or("the document has no `paths`")?;
    let mut out = Vec::new();
    for (path, item) in paths {
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_some() {
                out.push((method.to_string(), path.clone()));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_describes_every_route_and_only_those() {
        let (_, served) = crate::portal::api::routes();
        let mut routed: Vec<(String, String)> = served
            .into_iter()
            .map(|(m, p)| (m.to_string(), p))
            .chain(
                OTHER_ROUTES
                    .iter()
                    .map(|(m, p)| (m.to_string(), p.to_string())),
            )
            .collect();
        routed.sort();
        let described = described().unwrap_or_default();
        let missing: Vec<_> = routed.iter().filter(|r| !described.contains(r)).collect();
        let extra: Vec<_> = described.iter().filter(|r| !routed.contains(r)).collect();
        assert!(missing.is_empty(), "not in openapi.json: {missing:?}");
        assert!(
            extra.is_empty(),
            "in openapi.json but not routed: {extra:?}"
        );
    }
}
