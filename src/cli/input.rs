//! Reading `.tourney` files into a project and printing diagnostics.

pub use super::walk::expand_all;
use crate::check::{check_project, CheckedProject, Project};
use crate::diagnostics::{render_human, render_json, render_short, Diagnostic, ErrorFormat};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Options every file-reading command shares.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
    /// Extra template files or directories of `.tourney` templates.
    #[arg(long = "templates", value_name = "PATH")]
    pub templates: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// An I/O failure with the path it concerns.
#[derive(Debug, thiserror::Error)]
#[error("cannot read `{path}`: {source}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

pub fn read(path: &Path) -> Result<String, ReadError> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| ReadError {
            path: "<stdin>".into(),
            source: e,
        })?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| ReadError {
        path: path.display().to_string(),
        source: e,
    })
}

/// Loads files and templates into a project.
pub fn load(files: &[PathBuf], args: &InputArgs) -> Result<Project, ReadError> {
    let mut project = Project::new();
    for p in expand_all(&args.templates)? {
        project.add_template_file(p.display().to_string(), read(&p)?);
    }
    for p in expand_all(files)? {
        let name = if p == Path::new("-") {
            String::from("<stdin>")
        } else {
            p.display().to_string()
        };
        project.add_file(name, read(&p)?);
    }
    Ok(project)
}

/// Loads and checks, printing diagnostics; `None` when the run must stop.
pub fn check(files: &[PathBuf], args: &InputArgs) -> Result<(Project, CheckedProject), ReadError> {
    let project = load(files, args)?;
    let checked = check_project(&project);
    print_diagnostics(&checked.diagnostics, &project, args.error_format);
    Ok((project, checked))
}

/// Whether the run failed given the diagnostics and `--deny-warnings`.
pub fn failed(diags: &[Diagnostic], args: &InputArgs) -> bool {
    diags.iter().any(|d| d.is_error() || args.deny_warnings)
}

pub fn print_diagnostics(diags: &[Diagnostic], project: &Project, format: ErrorFormat) {
    let text = match format {
        ErrorFormat::Json => {
            let mut s = render_json(diags, &project.sources);
            s.push('\n');
            s
        }
        _ if diags.is_empty() => return,
        ErrorFormat::Short => render_short(diags, &project.sources),
        ErrorFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render_human(diags, &project.sources, color, 100)
        }
    };
    if format == ErrorFormat::Json {
        let _ = std::io::stdout().write_all(text.as_bytes());
    } else {
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}
