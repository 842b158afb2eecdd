//! `tourney fmt [--check] FILES...`: canonical formatting, in place.

use super::exit::Exit;
use super::input::{expand_all, read};
use super::CliError;
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
    let text = read(path)?;
    let formatted = match format_source(&text) {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "{}: not formatted: {e} (run `tourney validate` to see the problems)",
                path.display()
            );
            return Ok(Exit::Failed);
        }
    };
    if path == Path::new("-") {
        print!("{formatted}");
        return Ok(Exit::Ok);
    }
    if formatted == text {
        return Ok(Exit::Ok);
    }
    if check {
        println!("{}", path.display());
        return Ok(Exit::Failed);
    }
    std::fs::write(path, formatted).map_err(|e| CliError::Write {
        path: path.display().to_string(),
        source: e,
    })?;
    eprintln!("formatted {}", path.display());
    Ok(Exit::Ok)
}
