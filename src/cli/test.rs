//! `tourney test FILES...`: run the inline tests, report like a test runner.

use super::exit::Exit;
use super::input::{check, failed, InputArgs};
use super::CliError;
use crate::testing::{junit_xml, run_tests, TestResult};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Files or directories of `.tourney` files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Also write a JUnit XML report here (for CI systems).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(args: &TestArgs) -> Result<Exit, CliError> {
    let (_, checked) = check(&args.files, &args.input)?;
    if failed(&checked.diagnostics, &args.input) {
        return Ok(Exit::Failed);
    }
    let results: Vec<TestResult> = named_results(&checked);
    print_report(&results);
    if let Some(path) = &args.junit {
        std::fs::write(path, junit_xml(&results)).map_err(|e| CliError::Write {
            path: path.display().to_string(),
            source: e,
        })?;
    }
    Ok(if results.iter().all(TestResult::passed) {
        Exit::Ok
    } else {
        Exit::Failed
    })
}

/// Every inline test's result; a tournament whose id another operator also uses is
/// named `operator/id`, so no line is ambiguous.
fn named_results(checked: &crate::check::CheckedProject) -> Vec<TestResult> {
    let all: Vec<&crate::ir::Tournament> = checked.tournaments().collect();
    let shared = |t: &crate::ir::Tournament| all.iter().filter(|o| o.id == t.id).count() > 1;
    let mut results = Vec::new();
    for t in &all {
        let mut rs = run_tests(t);
        if shared(t) {
            for r in &mut rs {
                r.tournament = format!("{}/{}", t.operator, t.id);
            }
        }
        results.extend(rs);
    }
    results
}

fn print_report(results: &[TestResult]) {
    println!(
        "running {} test{}",
        results.len(),
        if results.len() == 1 { "" } else { "s" }
    );
    for r in results {
        println!(
            "test {} :: {} ... {}",
            r.tournament,
            r.name,
            if r.passed() { "ok" } else { "FAILED" }
        );
    }
    let failed: Vec<&TestResult> = results.iter().filter(|r| !r.passed()).collect();
    if !failed.is_empty() {
        println!("\nfailures:");
        for r in &failed {
            println!("  {} :: {} (line {})", r.tournament, r.name, r.line);
            for f in &r.failures {
                println!("    {} — got {}", f.expectation, f.actual);
            }
        }
    }
    let passed = results.len() - failed.len();
    println!(
        "\ntest result: {}. {passed} passed; {} failed",
        if failed.is_empty() { "ok" } else { "FAILED" },
        failed.len()
    );
}
