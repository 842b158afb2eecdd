//! Escape sequences from a source file or an event field are shown as `\u{1b}`, never
//! sent to the terminal; JSON output keeps them as JSON escapes.

use super::{events, stderr_of, stdout_of, tourney, GOOD};

const ESC: char = '\u{1b}';

#[test]
fn a_player_id_with_colour_codes_is_shown_escaped_in_the_dry_run_table() {
    let dir = tempfile::tempdir().unwrap();
    let ev = events(dir.path(), 200);
    let text = std::fs::read_to_string(&ev).unwrap();
    let hostile = text.replace(
        "\"playerId\":\"player-",
        "\"playerId\":\"\\u001b[2J\\u001b[31mplayer-",
    );
    std::fs::write(&ev, hostile).unwrap();
    let out = tourney()
        .args(["dry-run", GOOD, "--events"])
        .arg(&ev)
        .output()
        .unwrap();
    let table = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!table.contains(ESC), "raw escape in: {table}");
    assert!(table.contains("\\u{1b}[31mplayer-"), "{table}");
    let json = tourney()
        .args(["dry-run", GOOD, "--format", "json", "--events"])
        .arg(&ev)
        .output()
        .unwrap();
    assert!(stdout_of(&json).contains("\\u001b[31mplayer-"));
}

#[test]
fn escapes_in_a_source_file_are_shown_escaped_in_diagnostics_and_preview() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD))
        .unwrap();
    let titled = dir.path().join("titled.tourney");
    std::fs::write(
        &titled,
        good.replacen("title \"", "title \"\\u{1b}]0;pwned\\u{7}", 1),
    )
    .unwrap();
    let preview = tourney().arg("preview").arg(&titled).output().unwrap();
    let text = stdout_of(&preview);
    assert_eq!(preview.status.code(), Some(0), "{}", stderr_of(&preview));
    assert!(!text.contains(ESC) && !text.contains('\u{7}'), "{text}");
    assert!(text.contains("== \\u{1b}]0;pwned\\u{7}"), "{text}");

    let raw = dir.path().join("raw.tourney");
    std::fs::write(
        &raw,
        good.replacen("title ", &format!("bogus{ESC}[2J 1\n  title "), 1),
    )
    .unwrap();
    for format in ["human", "short"] {
        let out = tourney()
            .args(["validate", "--error-format", format])
            .arg(&raw)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(!err.contains(ESC), "raw escape in {format}: {err}");
        if format == "human" {
            assert!(err.contains("bogus\\u{1b}[2J 1"), "{err}");
        }
    }
}
