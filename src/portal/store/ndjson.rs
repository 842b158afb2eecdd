//! Append-only NDJSON files: one JSON object a line, appended with `O_APPEND` and synced;
//! a line that cannot be read (torn by a crash while it was written) is skipped and
//! reported, never fatal.

use super::{SkippedLine, StoreError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Appends `value` as one line. When the file does not end with a newline (its last
/// line was torn), a newline is written first so the new line stands on its own.
pub fn append<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    let mut line = serde_json::to_vec(value).map_err(|e| backend(path, e))?;
    line.push(b'\n');
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| backend(dir, e))?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| backend(path, e))?;
    if !ends_with_newline(&mut file).map_err(|e| backend(path, e))? {
        line.insert(0, b'\n');
    }
    file.write_all(&line).map_err(|e| backend(path, e))?;
    file.sync_data().map_err(|e| backend(path, e))
}

fn ends_with_newline(file: &mut File) -> std::io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Every readable line of the file (none if it does not exist), in order, with the
/// lines skipped.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<(Vec<T>, Vec<SkippedLine>), StoreError> {
    let mut values = Vec::new();
    let skipped = read_each(path, |v| values.push(v))?;
    Ok((values, skipped))
}

/// Calls `each` with every readable line, in order; returns the lines skipped.
pub fn read_each<T: DeserializeOwned>(
    path: &Path,
    mut each: impl FnMut(T),
) -> Result<Vec<SkippedLine>, StoreError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(backend(path, e)),
    };
    let mut reader = BufReader::new(file);
    let mut skipped = Vec::new();
    let mut buf = Vec::new();
    let mut number = 0u64;
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| backend(path, e))?
            == 0
        {
            break;
        }
        number += 1;
        let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<T>(text) {
            Ok(v) => each(v),
            Err(e) => {
                tracing::warn!(file = %path.display(), line = number, error = %e, "skipped an unreadable line");
                skipped.push(SkippedLine {
                    line: number,
                    reason: e.to_string(),
                });
            }
        }
    }
    Ok(skipped)
}

pub fn backend(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("{}: {e}", path.display()))
}
