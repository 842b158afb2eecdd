//! Reading `.tourney` files into a project and printing diagnostics.

pub use super::walk::expand_all;
use super::CliError;
use crate::check::{check_project, CheckedProject, Project};
use crate::diagnostics::{
    render_human, render_json, render_short, Diagnostic, ErrorFormat, SourceMap,
};
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

/// The bytes of a file (`-`: standard input).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map_err(|e| ReadError {
            path: "<stdin>".into(),
            source: e,
        })?;
        return Ok(b);
    }
    std::fs::read(path).map_err(|e| ReadError {
        path: path.display().to_string(),
        source: e,
    })
}

/// The text of a file that is not a source file (tokens); it must be UTF-8.
pub fn read(path: &Path) -> Result<String, ReadError> {
    String::from_utf8(read_bytes(path)?).map_err(|e| ReadError {
        path: path.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })
}

/// How a source file is named in diagnostics.
pub fn shown_name(p: &Path) -> String {
    if p == Path::new("-") {
        String::from("<stdin>")
    } else {
        p.display().to_string()
    }
}

/// Loads files and templates into a project. A file that is not UTF-8 is loaded too:
/// the checker reports it (T0007).
pub fn load(files: &[PathBuf], args: &InputArgs) -> Result<Project, ReadError> {
    let mut project = Project::new();
    for p in expand_all(&args.templates)? {
        project.add_template_file_bytes(shown_name(&p), read_bytes(&p)?);
    }
    for p in expand_all(files)? {
        project.add_file_bytes(shown_name(&p), read_bytes(&p)?);
    }
    Ok(project)
}

/// Loads and checks, printing diagnostics. With `--error-format json` a file that
/// cannot be read still gives one JSON document on standard output, with its `error`.
pub fn check(files: &[PathBuf], args: &InputArgs) -> Result<(Project, CheckedProject), CliError> {
    let project = match load(files, args) {
        Ok(p) => p,
        Err(e) if args.error_format == ErrorFormat::Json => {
            let doc = serde_json::json!({
                "diagnostics": [], "errors": 1, "warnings": 0, "error": e.to_string(),
            });
            let mut out = super::out::data();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            )?;
            out.finish()?;
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    let checked = check_project(&project);
    print_diagnostics(&checked.diagnostics, &project.sources, args.error_format)?;
    Ok((project, checked))
}

/// Whether the run failed given the diagnostics and `--deny-warnings`.
pub fn failed(diags: &[Diagnostic], args: &InputArgs) -> bool {
    diags.iter().any(|d| d.is_error() || args.deny_warnings)
}

/// Prints diagnostics: JSON on standard output (always one document), the others on
/// standard error.
pub fn print_diagnostics(
    diags: &[Diagnostic],
    sources: &SourceMap,
    format: ErrorFormat,
) -> Result<(), CliError> {
    let text = match format {
        ErrorFormat::Json => {
            let mut out = super::out::data();
            writeln!(out, "{}", render_json(diags, sources))?;
            return out.finish();
        }
        _ if diags.is_empty() => return Ok(()),
        ErrorFormat::Short => render_short(diags, sources),
        ErrorFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render_human(diags, sources, color, 100)
        }
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
    Ok(())
}
