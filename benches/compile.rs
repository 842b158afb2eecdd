//! Validate + compile throughput (TARGETS.md: >= 10,000 files/s on one core for a 2 KB
//! file). Each iteration does what `tourney compile` does for one file: a fresh project
//! (built-in templates included), parse, check, and emit SQL and config.
//!
//! The `hostile` group watches the curve of large inputs at two sizes each (the time
//! should about double with the size): many lines next to alternatives, a long `in`
//! list, a long flat points expression, and many inline tests (checked and run).

#[path = "../tests/support/hostile.rs"]
mod hostile;

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

fn test_one(text: &str) -> usize {
    let mut project = Project::new();
    project.add_file("bench.tourney", text);
    let checked = check_project(&project);
    checked
        .tournaments()
        .map(|t| tourney::testing::run_tests(t).len())
        .sum()
}

/// A named generator of hostile sources and the two sizes it is measured at.
type Case = (&'static str, fn(usize) -> String, [usize; 2]);

fn bench_hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    let cases: [Case; 3] = [
        (
            "nine-ors-plus-lines",
            |n| hostile::or_lines(9, n),
            [3_000, 10_000],
        ),
        ("in-list-values", hostile::in_list, [20_000, 110_000]),
        ("flat-points-terms", hostile::flat_points, [10_000, 27_000]),
    ];
    for (name, make, sizes) in cases {
        for n in sizes {
            let text = make(n);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &text, |b, t| {
                b.iter(|| compile_one(t))
            });
        }
    }
    for n in [700, 2_800] {
        let text = hostile::many_tests(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("inline-tests", n), &text, |b, t| {
            b.iter(|| test_one(t))
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_hostile);
criterion_main!(benches);
