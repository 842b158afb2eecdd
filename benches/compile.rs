//! Validate + compile throughput (TARGETS.md: >= 10,000 files/s on one core for a 2 KB
//! file). Each iteration does what `tourney compile` does for one file: a fresh project
//! (built-in templates included), parse, check, and emit SQL and config.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tourney::check::{check_project, Project};
use tourney::emit::{emit, EmitOptions};

/// A realistic tournament of about 2 KB.
const FILE: &str = include_str!("../tests/corpus/01-weekend-slots.tourney");

fn two_kb() -> String {
    let mut text = FILE.to_string();
    let mut n = 0;
    while text.len() < 2048 {
        n += 1;
        text = text.replace("    cap 5000 per 1h\n", &format!("    cap 5000 per 1h\n    x1.{n} when game.category = \"slots\" and player.segment = \"VIP{n}\"\n"));
    }
    text
}

fn compile_one(text: &str) -> usize {
    let mut project = Project::new();
    project.add_file("bench.tourney", text);
    let checked = check_project(&project);
    let opts = EmitOptions::default();
    checked
        .tournaments()
        .map(|t| emit(t, &opts).map(|e| e.statement.len()).unwrap_or(0))
        .sum()
}

fn bench(c: &mut Criterion) {
    let text = two_kb();
    assert!(compile_one(&text) > 0, "the bench file compiles");
    let mut group = c.benchmark_group("validate+compile");
    group.throughput(Throughput::Elements(1));
    group.bench_with_input(
        BenchmarkId::new("file", format!("{}B", text.len())),
        &text,
        |b, t| b.iter(|| compile_one(t)),
    );
    let mut parse_only = tourney::diagnostics::Diagnostics::new();
    group.bench_function("parse-only", |b| {
        b.iter(|| tourney::syntax::parse(&text, &mut parse_only).blocks.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
