//! Tokens that would silently lose a grant are refused at start-up, through the CLI.

use assert_cmd::Command;

const FILE: &str = "examples/tournaments/weekend-slots.tourney";

/// `tourney run FILE --generate 10` with `args`; it must exit 2 before listening, and
/// its stderr is returned.
fn refused(args: &[&std::ffi::OsStr], env: Option<&str>) -> String {
    let mut cmd = Command::cargo_bin("tourney").unwrap();
    cmd.args(["run", FILE, "--listen", "127.0.0.1:0", "--generate", "10"])
        .args(["--exit-when-done"])
        .args(args)
        .env_remove("TOURNEY_TOKENS");
    if let Some(pairs) = env {
        cmd.env("TOURNEY_TOKENS", pairs);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("read API on"), "{stderr}");
    stderr
}

fn with_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn a_json_tokens_file_with_an_operator_twice_is_refused_at_its_line() {
    let text = "{\n  \"operator-123\": [\"a\"],\n  \"operator-456\": [\"b\"],\n  \"operator-123\": [\"c\"]\n}\n";
    let (_dir, path) = with_file("tokens.json", text);
    let stderr = refused(&["--tokens".as_ref(), path.as_os_str()], None);
    assert!(
        stderr.contains("operator `operator-123` is given twice"),
        "{stderr}"
    );
    assert!(stderr.contains("line 4"), "{stderr}");
}

#[test]
fn a_toml_tokens_file_with_an_operator_twice_is_refused_at_its_line() {
    let text = "operator-123 = [\"a\"]\noperator-123 = [\"c\"]\n";
    let (_dir, path) = with_file("tokens.toml", text);
    let stderr = refused(&["--tokens".as_ref(), path.as_os_str()], None);
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(stderr.contains("operator-123"), "{stderr}");
}

#[test]
fn an_empty_operator_is_refused() {
    let stderr = refused(&[], Some("=tok"));
    assert!(
        stderr.contains("TOURNEY_TOKENS: `=tok`: the operator is empty"),
        "{stderr}"
    );
    let (_dir, path) = with_file("tokens.json", "{\n  \"\": [\"tok\"]\n}\n");
    let stderr = refused(&["--tokens".as_ref(), path.as_os_str()], None);
    assert!(stderr.contains("empty operator"), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
}
