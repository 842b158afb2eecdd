//! What a tournament of the catalog was checked from: its file's bytes as read, and
//! the templates of that moment. A tournament before its pre-warm is kept as this
//! rather than as its checked model, and checked again from it when it falls due, so
//! it comes back exactly as it was accepted (the last good version, whatever the file
//! holds by then).

use std::sync::Arc;
use tourney::check::{check_project, Project};
use tourney::diagnostics::render_short;
use tourney::ir::Tournament;

/// The template files (shown name, bytes) a file was checked with; shared by every
/// file read while the templates stayed the same.
pub type Templates = Arc<Vec<(String, Vec<u8>)>>;

#[derive(Debug)]
pub struct Origin {
    name: String,
    bytes: Box<[u8]>,
    templates: Templates,
}

impl Origin {
    pub fn new(name: String, bytes: Vec<u8>, templates: Templates) -> Origin {
        Origin {
            name,
            bytes: bytes.into_boxed_slice(),
            templates,
        }
    }

    /// The file's shown name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Checks the file; its tournaments, or the diagnostics as text.
    pub fn check(&self) -> Result<Vec<Tournament>, String> {
        let mut project = Project::new();
        for (name, bytes) in self.templates.iter() {
            project.add_template_file_bytes(name.clone(), bytes.clone());
        }
        project.add_file_bytes(self.name.clone(), self.bytes.to_vec());
        let checked = check_project(&project);
        if checked.has_errors() {
            let text = render_short(&checked.diagnostics, &project.sources);
            return Err(text.trim_end().to_string());
        }
        Ok(checked.tournaments().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str) -> String {
        format!(
            "tournament \"{id}\" {{\n  title \"T\"\n  operator \"op\"\n  runs 2030-01-01T00:00:00Z .. 2030-01-02T00:00:00Z\n  eligible when {{\n    wager.amount >= 1.00 EUR\n  }}\n  score {{\n    points = wager.amount\n  }}\n  leaderboard {{\n    size 10\n  }}\n}}\n"
        )
    }

    #[test]
    fn checks_again_to_the_same_tournaments() {
        let text = format!("{}{}", source("a"), source("b"));
        let origin = Origin::new("x.tourney".into(), text.into_bytes(), Arc::default());
        let first = origin.check().unwrap();
        let again = origin.check().unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(
            tourney::engine::snapshot::fingerprint(&first[1]),
            tourney::engine::snapshot::fingerprint(&again[1])
        );
    }

    #[test]
    fn a_file_that_does_not_check_says_why() {
        let origin = Origin::new("x.tourney".into(), b"tournament {".to_vec(), Arc::default());
        let err = origin.check().unwrap_err();
        assert!(err.contains("x.tourney"), "{err}");
    }
}
