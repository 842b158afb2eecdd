//! Output folders: compiling into a reused `--out` removes what the earlier run wrote and
//! this one no longer writes (known from the earlier `manifest.json`), and nothing else.

use super::{stderr_of, tourney};
use std::path::Path;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn compile(files: &[&str], out: &Path, extra: &[&str]) {
    let o = tourney()
        .arg("compile")
        .args(files)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
}

#[test]
fn a_reused_out_folder_keeps_only_what_the_manifest_lists_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    compile(
        &[
            "examples/tournaments/weekend-slots.tourney",
            "examples/tournaments/net-win.tourney",
        ],
        &out,
        &["--emit", "ir"],
    );
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = names(&out);
    assert!(before.iter().any(|n| n.contains("net-win")), "{before:?}");

    compile(&["examples/tournaments/weekend-slots.tourney"], &out, &[]);
    let after = names(&out);
    assert!(
        !after.iter().any(|n| n.contains("net-win")),
        "stale files: {after:?}"
    );
    assert!(
        !after.iter().any(|n| n.ends_with(".ir.json")),
        "stale files: {after:?}"
    );
    assert!(
        after.contains(&"notes.txt".to_string()),
        "a foreign file went: {after:?}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    for name in after
        .iter()
        .filter(|n| *n != "notes.txt" && *n != "manifest.json")
    {
        assert!(
            manifest.contains(name.as_str()),
            "{name} is not in the manifest"
        );
    }
}

#[test]
fn a_manifest_never_points_outside_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
    std::fs::write(
        out.join("manifest.json"),
        r#"{"source_stream": "../precious.txt", "tournaments": [{"sql": "/etc/hostname"}]}"#,
    )
    .unwrap();
    compile(&["examples/tournaments/weekend-slots.tourney"], &out, &[]);
    assert!(dir.path().join("precious.txt").exists());
}
