//! Every file the command line writes is written whole or not at all: into a temporary
//! file beside the target, synced to disk, then renamed over it. A failure on the way
//! (a full disk) leaves the original as it was and no temporary file behind.

use super::CliError;
pub use crate::atomic::{write_with, Failure, Mode};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path`, replacing it.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_with(path, Mode::Replace, |w| w.write_all(bytes)).map_err(|f| write_error(path, f))
}

/// Writes `bytes` to a new file `path`; an existing file is an error and left alone.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_with(path, Mode::CreateNew, |w| w.write_all(bytes)).map_err(|f| write_error(path, f))
}

fn write_error(path: &Path, f: Failure<std::io::Error>) -> CliError {
    let (Failure::Io(source) | Failure::Fill(source)) = f;
    CliError::Write {
        path: path.display().to_string(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_original_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weekend.tourney");
        std::fs::write(&path, "the original text\n").unwrap();
        let failed = write_with(&path, Mode::Replace, |w| {
            w.write_all(b"half of the new")?;
            w.flush()?;
            Err::<(), _>(std::io::Error::other("No space left on device"))
        });
        assert!(matches!(failed, Err(Failure::Fill(_))));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "the original text\n"
        );
        assert_eq!(
            entries(dir.path()),
            ["weekend.tourney"],
            "no temporary file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_complete_write_replaces_the_file_and_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(entries(dir.path()), ["a.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.tourney");
        let link = dir.path().join("link.tourney");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.tourney");
        write_new(&path, b"first").unwrap();
        let again = write_new(&path, b"second");
        assert!(again.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(entries(dir.path()), ["new.tourney"]);
    }
}
