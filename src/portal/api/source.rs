//! A source sent by the portal, checked as the command line checks a file: with the
//! built-in templates and the operator's own (`<workspace>/<operator>/templates/`).

use super::{PortalError, PortalState};
use crate::check::{check_project, CheckedProject, Project};
use crate::diagnostics::SourceId;
use crate::ir::Tournament;
use std::path::Path;

/// Largest source accepted, in bytes.
pub const MAX_SOURCE: usize = 1 << 20;
/// Name of the portal's source in diagnostics.
pub const SOURCE_NAME: &str = "tournament.tourney";

/// A checked source.
pub struct Compiled {
    pub project: Project,
    pub checked: CheckedProject,
    /// The source's id in `project.sources`.
    pub main: SourceId,
}

impl Compiled {
    /// The tournaments the source defines (none when it has errors).
    pub fn tournaments(&self) -> impl Iterator<Item = &Tournament> {
        self.checked
            .files
            .iter()
            .filter(|f| f.file == self.main)
            .flat_map(|f| f.tournaments.iter())
    }

    pub fn has_errors(&self) -> bool {
        self.checked.has_errors()
    }

    /// The one tournament of the source, which must be `operator`'s; a source with
    /// errors, without a tournament or with several is refused (422).
    pub fn single(&self, operator: &str) -> Result<&Tournament, PortalError> {
        if self.has_errors() {
            let n = self
                .checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .count();
            return Err(PortalError::invalid(format!(
                "the source has {n} error{}: check it first",
                if n == 1 { "" } else { "s" }
            )));
        }
        let mut all = self.tournaments();
        let (Some(t), None) = (all.next(), all.next()) else {
            return Err(PortalError::invalid(
                "the source must define exactly one tournament",
            ));
        };
        if t.operator != operator {
            return Err(PortalError::invalid(format!(
                "the tournament's operator is `{}`; you are signed in for `{operator}`",
                t.operator
            )));
        }
        Ok(t)
    }
}

/// The operator's workspace templates, `(file name, text)`.
pub fn workspace_templates(workspace: Option<&Path>, operator: &str) -> Vec<(String, String)> {
    let Some(dir) = workspace else {
        return Vec::new();
    };
    if !crate::check::valid_operator(operator) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir.join(operator).join("templates")) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tourney"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((format!("templates/{name}"), text))
        })
        .take(200)
        .collect();
    out.sort();
    out
}

/// Checks `source` with the built-in and the operator's templates.
pub fn compile(templates: &[(String, String)], source: &str) -> Compiled {
    let mut project = Project::new();
    for (name, text) in templates {
        project.add_template_file(name.clone(), text.clone());
    }
    let main = project.add_file(SOURCE_NAME, source);
    let checked = check_project(&project);
    Compiled {
        project,
        checked,
        main,
    }
}

/// Refuses a source over [`MAX_SOURCE`].
pub fn bounded(source: &str) -> Result<(), PortalError> {
    if source.len() > MAX_SOURCE {
        return Err(PortalError::bad_request(format!(
            "the source is {} bytes; at most {MAX_SOURCE} are accepted",
            source.len()
        )));
    }
    Ok(())
}

/// Checks `source` for `state`'s operator on the blocking pool.
pub async fn compile_for(
    state: &PortalState,
    operator: &str,
    source: String,
) -> Result<Compiled, PortalError> {
    bounded(&source)?;
    let workspace = state.workspace.clone();
    let operator = operator.to_string();
    super::joined(
        tokio::task::spawn_blocking(move || {
            let templates = workspace_templates(workspace.as_deref(), &operator);
            compile(&templates, &source)
        })
        .await,
    )
}
