//! Expanding FILE and DIR arguments into `.tourney` files.
//!
//! A folder is walked in name order. Links are followed, but each folder is walked at
//! most once and each file is read at most once, however many paths lead to it: a link
//! to a folder already walked, or to a folder that contains the one being walked (such
//! as `up -> ..`), is a loop and is skipped.

use super::input::ReadError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The `.tourney` files under `paths`, in argument order, each file once. A path that
/// is not a folder is kept as given (`-`, or a missing file whose read then fails).
pub fn expand_all<'a>(
    paths: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<Vec<PathBuf>, ReadError> {
    let mut walk = Walk::default();
    for path in paths {
        walk.argument(path)?;
    }
    Ok(walk.files)
}

#[derive(Default)]
struct Walk {
    /// Canonical paths of the folders walked so far.
    dirs: HashSet<PathBuf>,
    /// Canonical paths of the files kept so far.
    seen: HashSet<PathBuf>,
    files: Vec<PathBuf>,
}

/// A folder entry still to visit, with the canonical path of the folder it is in.
struct Pending {
    path: PathBuf,
    parent: PathBuf,
}

impl Walk {
    fn argument(&mut self, path: &Path) -> Result<(), ReadError> {
        if !path.is_dir() {
            self.file(path);
            return Ok(());
        }
        let Ok(canonical) = path.canonicalize() else {
            self.file(path);
            return Ok(());
        };
        let mut stack = Vec::new();
        self.enter(path, canonical, &mut stack)?;
        while let Some(next) = stack.pop() {
            if !next.path.is_dir() {
                if next.path.extension().is_some_and(|e| e == "tourney") {
                    self.file(&next.path);
                }
                continue;
            }
            let Ok(canonical) = next.path.canonicalize() else {
                continue;
            };
            // A folder that holds the one this entry is in leads back into the walk.
            if next.parent.starts_with(&canonical) {
                continue;
            }
            self.enter(&next.path, canonical, &mut stack)?;
        }
        Ok(())
    }

    /// Queues the entries of a folder not walked yet, so they pop in name order.
    fn enter(
        &mut self,
        path: &Path,
        canonical: PathBuf,
        stack: &mut Vec<Pending>,
    ) -> Result<(), ReadError> {
        if !self.dirs.insert(canonical.clone()) {
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| ReadError {
                path: path.display().to_string(),
                source: e,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        stack.extend(entries.into_iter().rev().map(|p| Pending {
            path: p,
            parent: canonical.clone(),
        }));
        Ok(())
    }

    /// Keeps a file unless the same file was kept already under another path.
    fn file(&mut self, path: &Path) {
        let first = match path.canonicalize() {
            Ok(canonical) => self.seen.insert(canonical),
            Err(_) => true,
        };
        if first {
            self.files.push(path.to_path_buf());
        }
    }
}
