//! `GET /v1/portal/templates`: the gallery, built-in templates then the operator's own,
//! each with a line on what it is for and a source to start from.

use super::source::workspace_templates;
use super::{joined, PortalError, PortalState};
use crate::check::BUILTIN_TEMPLATES;
use crate::portal::auth::Principal;
use crate::syntax::ast::BlockKind;
use axum::extract::State;
use axum::Json;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Template {
    name: String,
    title: String,
    summary: String,
    /// A tournament that starts from the template (what `tourney new` writes).
    source: String,
    origin: &'static str,
}

pub async fn list(
    State(state): State<PortalState>,
    who: Principal,
) -> Result<Json<Vec<Template>>, PortalError> {
    let workspace = state.workspace.clone();
    let operator = who.operator.clone();
    let list = joined(
        tokio::task::spawn_blocking(move || {
            let mut out: Vec<Template> = BUILTIN_TEMPLATES
                .iter()
                .flat_map(|(_, text)| describe(text, "built-in", &operator))
                .collect();
            for (_, text) in workspace_templates(workspace.as_deref(), &operator) {
                out.extend(describe(&text, "workspace", &operator));
            }
            out
        })
        .await,
    )?;
    Ok(Json(list))
}

/// One entry per `template` block of a file.
fn describe(text: &str, origin: &'static str, operator: &str) -> Vec<Template> {
    let parsed = crate::syntax::parse(text, &mut crate::diagnostics::Diagnostics::new());
    let summary = summary_of(text);
    parsed
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Template)
        .map(|b| {
            let name = b.name.value.clone();
            Template {
                title: title_of(text, b.span).unwrap_or_else(|| name.clone()),
                summary: summary.clone(),
                source: crate::cli::new::scaffold(&name, "my-tournament", operator),
                name,
                origin,
            }
        })
        .collect()
}

/// The first comment paragraph of a file, without its `name:` prefix.
fn summary_of(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| l.starts_with("//") && l.trim_start_matches('/').trim() != "")
        .map(|l| l.trim_start_matches('/').trim())
        .collect();
    let joined = lines.join(" ");
    match joined.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') => rest.to_string(),
        _ => joined,
    }
}

/// The `title "..."` written inside a block.
fn title_of(text: &str, span: crate::syntax::Span) -> Option<String> {
    let block = text.get(span.start..span.end)?;
    let line = block
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("title "))?;
    let quoted = line.strip_prefix("title ")?.trim();
    Some(quoted.trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_has_a_title_and_a_summary() {
        for (name, text) in BUILTIN_TEMPLATES {
            let found = describe(text, "built-in", "op-a");
            assert_eq!(found.len(), 1, "{name}");
            for t in found {
                assert_eq!(t.name, *name);
                assert!(
                    !t.summary.is_empty() && !t.summary.starts_with(name),
                    "{name}: {}",
                    t.summary
                );
                assert!(t.source.contains(&format!("from \"{name}\"")));
            }
        }
    }
}
