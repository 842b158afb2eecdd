#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Corpus: every case in `tests/corpus/` goes through each stage — parse, check, IR,
//! ksqlDB SQL and scoring config — with one reviewed snapshot per stage. Each snapshot
//! starts with the input, so a reviewer sees both sides.

use tourney::check::{check_project, Project};
use tourney::diagnostics::render_short;
use tourney::emit::{emit, EmitOptions};

fn cases() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir("tests/corpus")
        .expect("corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tourney"))
        .map(|p| {
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            (name, std::fs::read_to_string(&p).expect("readable case"))
        })
        .collect();
    out.sort();
    out
}

fn settings(name: &str, input: &str) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/corpus");
    s.set_prepend_module_to_snapshot(false);
    s.set_description(input.to_string());
    s.set_snapshot_suffix(name.to_string());
    s.set_omit_expression(true);
    s
}

#[test]
fn corpus_stages() {
    let cases = cases();
    assert!(cases.len() >= 5, "the corpus has cases");
    for (name, input) in cases {
        let mut diags = tourney::diagnostics::Diagnostics::new();
        let ast = tourney::syntax::parse(&input, &mut diags);
        let mut project = Project::new();
        project.add_file(format!("{name}.tourney"), input.clone());
        let checked = check_project(&project);
        let rendered = render_short(&checked.diagnostics, &project.sources);
        settings(&name, &input).bind(|| {
            insta::assert_json_snapshot!("1-parse", ast);
            insta::assert_snapshot!(
                "2-check",
                if rendered.is_empty() {
                    "no diagnostics".to_string()
                } else {
                    rendered.clone()
                }
            );
            let tournaments: Vec<_> = checked.tournaments().collect();
            insta::assert_json_snapshot!("3-ir", tournaments);
            let emitted: Vec<_> = tournaments
                .iter()
                .map(|t| emit(t, &EmitOptions::default()).expect("emits"))
                .collect();
            let sql: Vec<String> = emitted.iter().map(|e| e.statement.clone()).collect();
            insta::assert_snapshot!("4-sql", sql.join("\n"));
            let configs: Vec<_> = emitted.iter().map(|e| &e.config).collect();
            insta::assert_json_snapshot!("5-config", configs);
        });
    }
}
