//! `tourney compile FILES... --out DIR`: ksqlDB statements, scoring configs, a manifest.

use super::exit::Exit;
use super::input::{check, failed, InputArgs};
use super::out::say;
use super::CliError;
use crate::emit::{emit, EmitOptions, Emitted};
use crate::ir::Tournament;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// Files or directories of `.tourney` files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Directory to write into (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Extra outputs: `ir` also writes the checked model of each tournament.
    #[arg(long, value_enum)]
    pub emit: Vec<Extra>,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Extra {
    Ir,
}

/// `manifest.json`: what was written, for deployers and CI.
#[derive(Debug, Serialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub compiler: String,
    pub source_stream: String,
    pub tournaments: Vec<ManifestEntry>,
}

#[derive(Debug, Serialize)]
pub struct ManifestEntry {
    pub id: String,
    pub operator: String,
    pub stream: String,
    pub topic: String,
    pub sql: String,
    pub config: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ir: Option<String>,
}

pub fn run(args: &CompileArgs) -> Result<Exit, CliError> {
    let (_, checked) = check(&args.files, &args.input)?;
    if failed(&checked.diagnostics, &args.input) {
        return Ok(Exit::Failed);
    }
    let mut tournaments: Vec<&Tournament> = checked.tournaments().collect();
    tournaments.sort_by(|a, b| (&a.operator, &a.id).cmp(&(&b.operator, &b.id)));
    let opts = EmitOptions::default();
    let mut outputs = Vec::new();
    for t in &tournaments {
        outputs.push((
            *t,
            emit(t, &opts)
                .map_err(|e| CliError::Usage(format!("cannot compile `{}`: {e}", t.id)))?,
        ));
    }
    let manifest = write_all(&args.out, &outputs, args.emit.contains(&Extra::Ir))?;
    say!(
        "compiled {} tournament{} into {}",
        manifest.tournaments.len(),
        if manifest.tournaments.len() == 1 {
            ""
        } else {
            "s"
        },
        args.out.display()
    );
    Ok(Exit::Ok)
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    super::atomic::write(path, text.as_bytes())
}

fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes every file and returns the manifest (also written). Files that the previous
/// manifest of `out` listed and this one does not are removed; nothing else is touched.
pub fn write_all(
    out: &Path,
    outputs: &[(&Tournament, Emitted)],
    with_ir: bool,
) -> Result<Manifest, CliError> {
    std::fs::create_dir_all(out).map_err(|e| CliError::Write {
        path: out.display().to_string(),
        source: e,
    })?;
    let previous = listed(&out.join("manifest.json"));
    let source = match outputs.first() {
        Some((_, e)) => e.source_stream.clone(),
        None => crate::emit::source_stream()
            .map_err(|e| CliError::Usage(format!("cannot compile the source stream: {e}")))?,
    };
    write(&out.join("source.sql"), &source)?;
    let mut entries = Vec::new();
    for (t, e) in outputs {
        let stem = format!("{}.{}", t.operator, t.id);
        let (sql, config) = (format!("{stem}.sql"), format!("{stem}.json"));
        write(&out.join(&sql), &e.statement)?;
        write(&out.join(&config), &json(&e.config))?;
        let ir = if with_ir {
            let name = format!("{stem}.ir.json");
            write(&out.join(&name), &json(t))?;
            Some(name)
        } else {
            None
        };
        entries.push(ManifestEntry {
            id: t.id.clone(),
            operator: t.operator.clone(),
            stream: e.stream.clone(),
            topic: e.topic.clone(),
            sql,
            config,
            ir,
        });
    }
    let manifest = Manifest {
        schema_version: 1,
        compiler: format!("tourney {}", env!("CARGO_PKG_VERSION")),
        source_stream: "source.sql".into(),
        tournaments: entries,
    };
    write(&out.join("manifest.json"), &json(&manifest))?;
    remove_stale(out, &previous, &listed(&out.join("manifest.json")))?;
    Ok(manifest)
}

/// The file names a manifest lists; none when there is no readable manifest. Only
/// plain names count: a manifest can never point outside its folder.
fn listed(manifest: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(manifest) else {
        return Vec::new();
    };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let mut names = vec![doc["source_stream"].clone()];
    for t in doc["tournaments"].as_array().into_iter().flatten() {
        names.extend(["sql", "config", "ir"].map(|k| t[k].clone()));
    }
    names
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| Path::new(n).file_name().is_some_and(|f| f == *n) && *n != "manifest.json")
        .map(str::to_owned)
        .collect()
}

fn remove_stale(out: &Path, previous: &[String], now: &[String]) -> Result<(), CliError> {
    for name in previous.iter().filter(|n| !now.contains(n)) {
        let path = out.join(name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(CliError::Write {
                    path: path.display().to_string(),
                    source: e,
                })
            }
            _ => {}
        }
    }
    Ok(())
}
