//! `tourney test FILES...`: run the inline tests, report like a test runner.

use super::exit::Exit;
use super::input::{check, failed, InputArgs};
use super::out::Stdout;
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
    let mut out = super::out::stdout();
    print_report(&mut out, &results)?;
    out.finish()?;
    if let Some(path) = &args.junit {
        super::atomic::write(path, junit_xml(&results).as_bytes())?;
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
    let mut uses: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in checked.tournaments() {
        *uses.entry(t.id.as_str()).or_default() += 1;
    }
    let mut results = Vec::new();
    for t in checked.tournaments() {
        let mut rs = run_tests(t);
        if uses.get(t.id.as_str()).is_some_and(|&n| n > 1) {
            for r in &mut rs {
                r.tournament = format!("{}/{}", t.operator, t.id);
            }
        }
        results.extend(rs);
    }
    results
}

fn print_report(out: &mut Stdout, results: &[TestResult]) -> Result<(), CliError> {
    writeln!(
        out,
        "running {} test{}",
        results.len(),
        if results.len() == 1 { "" } else { "s" }
    )?;
    for r in results {
        writeln!(
            out,
            "test {} :: {} ... {}",
            r.tournament,
            r.name,
            if r.passed() { "ok" } else { "FAILED" }
        )?;
    }
    let failed: Vec<&TestResult> = results.iter().filter(|r| !r.passed()).collect();
    if !failed.is_empty() {
        writeln!(out, "\nfailures:")?;
        for r in &failed {
            writeln!(out, "  {} :: {} (line {})", r.tournament, r.name, r.line)?;
            for f in &r.failures {
                writeln!(out, "    {} — got {}", f.expectation, f.actual)?;
            }
        }
    }
    let passed = results.len() - failed.len();
    writeln!(
        out,
        "\ntest result: {}. {passed} passed; {} failed",
        if failed.is_empty() { "ok" } else { "FAILED" },
        failed.len()
    )
}
