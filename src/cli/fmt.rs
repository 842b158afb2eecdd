//! `tourney fmt [--check] FILES...`: canonical formatting, in place.

use super::exit::Exit;
use super::input::{expand_all, print_diagnostics, read_bytes, shown_name};
use super::out::say;
use super::CliError;
use crate::check::{check_project, Project};
use crate::diagnostics::{decode_source, ErrorFormat};
use crate::fmt::format_source;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or directories of `.tourney` files (`-` formats standard input to standard output).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Do not write; list files that are not formatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: &FmtArgs) -> Result<Exit, CliError> {
    let mut exit = Exit::Ok;
    for path in expand_all(&args.files)? {
        exit = worst(exit, one(&path, args.check)?);
    }
    Ok(exit)
}

fn worst(a: Exit, b: Exit) -> Exit {
    if a as u8 >= b as u8 {
        a
    } else {
        b
    }
}

fn one(path: &Path, check: bool) -> Result<Exit, CliError> {
    let bytes = read_bytes(path)?;
    let had_bom = bytes.starts_with("\u{feff}".as_bytes());
    if std::str::from_utf8(&bytes).is_err() {
        // Reported as `validate` reports it (T0007); the file is left alone.
        let mut project = Project::new();
        project.add_file_bytes(shown_name(path), bytes);
        let checked = check_project(&project);
        print_diagnostics(&checked.diagnostics, &project.sources, ErrorFormat::Human)?;
        return Ok(Exit::Failed);
    }
    let Ok(text) = decode_source(bytes) else {
        return Ok(Exit::Failed);
    };
    let formatted = match format_source(&text) {
        Ok(f) => f,
        Err(e) => {
            say!(
                "{}: not formatted: {e} (run `tourney validate` to see the problems)",
                path.display()
            );
            return Ok(Exit::Failed);
        }
    };
    if path == Path::new("-") {
        let mut out = super::out::data();
        out.write_str(&formatted)?;
        out.finish()?;
        return Ok(Exit::Ok);
    }
    if formatted == text && !had_bom {
        return Ok(Exit::Ok);
    }
    if check {
        let mut out = super::out::stdout();
        writeln!(out, "{}", path.display())?;
        out.finish()?;
        return Ok(Exit::Failed);
    }
    super::atomic::write(path, formatted.as_bytes())?;
    say!("formatted {}", path.display());
    Ok(Exit::Ok)
}
