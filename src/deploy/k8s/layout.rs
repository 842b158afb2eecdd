//! The folder `deploy --workers k8s --out DIR` writes. `DIR/tournaments/` keeps one
//! JSON file per tournament deployed there (its source, scoring hash and schedule):
//! the record the manifests are made from, so a deploy of one file and a retire of
//! one tournament rewrite the shard, the autoscaler's windows and nothing else.

use super::autoscale::{self, Scheduled};
use super::{object_name, pool, shards, Autoscaler, K8sOptions};
use crate::atomic::{write_with, Failure, Mode};
use crate::deploy::{scoring, Target};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What is kept of one deployed tournament.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub operator: String,
    pub id: String,
    pub scoring_hash: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub prewarm_ms: i64,
    pub source: String,
}

pub struct Layout {
    dir: PathBuf,
}

impl Layout {
    pub fn new(dir: &Path) -> Layout {
        Layout {
            dir: dir.to_path_buf(),
        }
    }

    fn entry_path(&self, operator: &str, id: &str) -> PathBuf {
        self.dir
            .join("tournaments")
            .join(format!("{}.json", object_name(operator, id)))
    }

    /// Records a tournament (replacing what was recorded of it).
    pub fn put(&self, t: &Target) -> std::io::Result<()> {
        let s = &t.tournament.schedule;
        let entry = Entry {
            operator: t.tournament.operator.clone(),
            id: t.tournament.id.clone(),
            scoring_hash: scoring::hash(t),
            start_ms: s.start_ms,
            end_ms: s.end_ms,
            prewarm_ms: i64::try_from(s.prewarm_ms).unwrap_or(i64::MAX),
            source: t.source.clone(),
        };
        let json = serde_json::to_vec_pretty(&entry).map_err(std::io::Error::other)?;
        let path = self.entry_path(&entry.operator, &entry.id);
        std::fs::create_dir_all(self.dir.join("tournaments"))?;
        write_file(&path, &json)
    }

    /// Forgets a tournament; whether it was recorded.
    pub fn remove(&self, operator: &str, id: &str) -> std::io::Result<bool> {
        match std::fs::remove_file(self.entry_path(operator, id)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The recorded scoring hash of a tournament.
    pub fn scoring_hash(&self, operator: &str, id: &str) -> Option<String> {
        let bytes = std::fs::read(self.entry_path(operator, id)).ok()?;
        let e: Entry = serde_json::from_slice(&bytes).ok()?;
        Some(e.scoring_hash)
    }

    /// Every recorded tournament, by file name.
    pub fn entries(&self) -> std::io::Result<Vec<Entry>> {
        let dir = self.dir.join("tournaments");
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let bytes = std::fs::read(p)?;
                serde_json::from_slice(&bytes).map_err(|e| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{}: {e}", p.display()),
                    )
                })
            })
            .collect()
    }

    /// Records the options the manifests were last written with (`pool.json`), so a
    /// `retire` rewrites them alike.
    pub fn save_options(&self, opts: &K8sOptions) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let json = serde_json::to_vec_pretty(opts).map_err(std::io::Error::other)?;
        write_file(&self.dir.join("pool.json"), &json)
    }

    /// The options recorded by the last deploy, if any.
    pub fn options(&self) -> Option<K8sOptions> {
        let bytes = std::fs::read(self.dir.join("pool.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Rewrites the manifests from the records; the files whose content changed.
    pub fn write_manifests(&self, opts: &K8sOptions, now_ms: i64) -> std::io::Result<Vec<PathBuf>> {
        let entries = self.entries()?;
        let mut files: Vec<(PathBuf, String)> =
            vec![(self.dir.join("pool.yaml"), pool::manifests(opts))];
        let schedules: Vec<Scheduled> = entries
            .iter()
            .map(|e| Scheduled {
                start_ms: e.start_ms,
                end_ms: e.end_ms,
                prewarm_ms: e.prewarm_ms,
            })
            .collect();
        let spans = autoscale::spans(&schedules, now_ms);
        let scaler = match opts.autoscaler {
            Autoscaler::Keda => autoscale::keda(&spans, opts),
            Autoscaler::Hpa => autoscale::hpa(&spans, opts),
        };
        files.push((self.dir.join("autoscale.yaml"), scaler));
        let mut by_shard: Vec<Vec<(String, String)>> = vec![Vec::new(); shards::SHARDS];
        for e in &entries {
            by_shard[shards::shard_of(&e.operator, &e.id)]
                .push((shards::key(&e.operator, &e.id), e.source.clone()));
        }
        for (n, mut shard) in by_shard.into_iter().enumerate() {
            shard.sort();
            let path = self.dir.join(format!("tournaments-{n:02}.yaml"));
            files.push((path, shards::manifest(n, &shard, opts)));
        }
        // In a folder of its own: `kubectl apply -f DIR` does not descend into it.
        let observability = self.dir.join("observability");
        std::fs::create_dir_all(&observability)?;
        let alerts = crate::deploy::observability::ALERTS.to_string();
        files.push((observability.join("alerts.yaml"), alerts));
        let mut changed = Vec::new();
        for (path, text) in files {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                write_file(&path, text.as_bytes())?;
                changed.push(path);
            }
        }
        Ok(changed)
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, Mode::Replace, |w| w.write_all(bytes)).map_err(|f| {
        let (Failure::Io(e) | Failure::Fill(e)) = f;
        e
    })
}
