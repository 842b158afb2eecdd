//! Files written whole or not at all: into a temporary file beside the target, synced
//! to disk, then renamed over it. A failure on the way (a full disk) leaves the original
//! as it was and no temporary file behind. The command line and the portal's workspace
//! store both write through here.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Why [`write_with`] failed: the file system, or the code that filled the file.
#[derive(Debug)]
pub enum Failure<E> {
    Io(std::io::Error),
    Fill(E),
}

/// Whether the target may already exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Replace the file if there is one (its permissions are kept).
    Replace,
    /// Refuse when the file exists.
    CreateNew,
}

/// Lets `fill` write the content, then puts it in place.
pub fn write_with<T, E>(
    path: &Path,
    mode: Mode,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, Failure<E>> {
    // Write through a link to the file it points at, so that the link stays a link.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(Failure::Io)?,
        _ => path.to_path_buf(),
    };
    if mode == Mode::CreateNew && std::fs::symlink_metadata(&target).is_ok() {
        return Err(Failure::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "the file exists (it is never overwritten)",
        )));
    }
    let temp = temp_path(&target);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(Failure::Io)?;
    let result = fill_and_place(file, &temp, &target, mode, fill);
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn fill_and_place<T, E>(
    file: File,
    temp: &Path,
    target: &Path,
    mode: Mode,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, Failure<E>> {
    let mut w = BufWriter::with_capacity(1 << 16, file);
    let value = fill(&mut w).map_err(Failure::Fill)?;
    let file = w.into_inner().map_err(|e| Failure::Io(e.into_error()))?;
    if let Ok(meta) = std::fs::metadata(target) {
        file.set_permissions(meta.permissions())
            .map_err(Failure::Io)?;
    }
    file.sync_all().map_err(Failure::Io)?;
    drop(file);
    match mode {
        Mode::Replace => std::fs::rename(temp, target).map_err(Failure::Io)?,
        // A link fails if the name was taken meanwhile; the name is then left alone.
        Mode::CreateNew => {
            std::fs::hard_link(temp, target).map_err(Failure::Io)?;
            let _ = std::fs::remove_file(temp);
        }
    }
    sync_dir(target);
    Ok(value)
}

/// `.NAME.PID.tmp` in the target's directory (the same file system, so the rename is
/// atomic).
fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Makes the rename itself durable; best effort (not every system can sync a folder).
fn sync_dir(target: &Path) {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
