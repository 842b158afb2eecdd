//! The tournaments a pool knows: every `.tourney` file of a watched folder (the
//! compiled configs a deployment mounts, a ConfigMap in Kubernetes). The folder is
//! scanned every second; a file added, changed or removed reaches the pool on the
//! next scan, without a restart. A file that stops checking keeps its last good
//! version (the error is logged), so a bad edit never stops a running tournament.

use super::entry::Entry;
use super::origin::{Origin, Templates};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use tourney::cli::input::{expand_all, read_bytes, shown_name, InputArgs};
use tourney::deploy::k8s::object_name;
use tourney::engine::snapshot::fingerprint_bits;
use tourney::ir::Tournament;

/// What a scan found changed, by tournament key (`operator/id`).
#[derive(Debug, Default)]
pub struct Changes {
    /// New, or with other rules (another fingerprint) than before, by key. A
    /// tournament before its pre-warm comes as its schedule and origin only: its
    /// checked model is dropped at once, before the next file is read, so a scan of
    /// thousands of files never holds thousands of models.
    pub upserted: Vec<(String, Entry)>,
    /// Gone from the folder: retired.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.upserted.is_empty() && self.removed.is_empty()
    }
}

pub struct Catalog {
    dir: PathBuf,
    input: InputArgs,
    /// Per file: what it was when last read, and the keys of the tournaments it held
    /// (the tournaments themselves live once, in the pool's `Held`).
    files: BTreeMap<PathBuf, (Stamp, Vec<String>)>,
    /// Key → fingerprint (its 128 bits, not its hex text) of the version the pool
    /// was last told about.
    known: BTreeMap<String, u128>,
    /// The templates as last read, shared by the files read with them.
    templates: Templates,
}

type Stamp = (u64, Option<SystemTime>);

impl Catalog {
    pub fn new(dir: &Path, input: &InputArgs) -> Catalog {
        Catalog {
            dir: dir.to_path_buf(),
            input: input.clone(),
            files: BTreeMap::new(),
            known: BTreeMap::new(),
            templates: Templates::default(),
        }
    }

    /// Reads the files that changed since the last scan and reports what differs.
    pub fn scan(&mut self) -> Changes {
        let paths = match expand_all([&self.dir]) {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, "cannot scan the tournament folder");
                return Changes::default();
            }
        };
        self.files.retain(|p, _| paths.contains(p));
        let mut changes = Changes::default();
        for path in paths {
            let stamp = stamp(&path);
            if self.files.get(&path).is_some_and(|(s, _)| *s == stamp) {
                continue;
            }
            if let Some((ts, origin)) = self.read(&path) {
                let keys = ts.iter().map(key).collect();
                let now = crate::scorer::now_ms();
                for t in ts {
                    if self.is_new(&t) {
                        let k = key(&t);
                        changes
                            .upserted
                            .push((k, Entry::new(t, origin.clone(), now)));
                    }
                }
                self.files.insert(path, (stamp, keys));
            }
        }
        changes.removed = self.gone();
        changes
    }

    /// Whether `t` is new or has other rules than the version last reported (and
    /// remembers it as reported).
    fn is_new(&mut self, t: &Tournament) -> bool {
        let fp = fingerprint_bits(t);
        let k = key(t);
        if self.known.get(&k) == Some(&fp) {
            return false;
        }
        self.known.insert(k, fp);
        true
    }

    /// The tournaments of one file and what they were checked from, or `None`
    /// (logged) when it does not check.
    fn read(&mut self, path: &Path) -> Option<(Vec<Tournament>, Arc<Origin>)> {
        let templates = self.read_templates()?;
        let bytes = match read_bytes(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read a tournament file");
                return None;
            }
        };
        let origin = Arc::new(Origin::new(shown_name(path), bytes, templates));
        match origin.check() {
            Ok(all) => Some((own_tournaments(path, all), origin)),
            Err(text) => {
                tracing::warn!(file = %path.display(), diagnostics = %text, "a tournament file does not check; its last good version stays");
                None
            }
        }
    }

    /// The template files now, sharing the last copy while they stay the same.
    fn read_templates(&mut self) -> Option<Templates> {
        let mut now = Vec::new();
        for p in expand_all(&self.input.templates).ok()? {
            now.push((shown_name(&p), read_bytes(&p).ok()?));
        }
        if *self.templates != now {
            self.templates = Arc::new(now);
        }
        Some(self.templates.clone())
    }

    /// The keys reported before that no file holds any more (forgotten).
    fn gone(&mut self) -> Vec<String> {
        let now: std::collections::BTreeSet<&String> =
            self.files.values().flat_map(|(_, keys)| keys).collect();
        let gone: Vec<String> = self
            .known
            .keys()
            .filter(|k| !now.contains(k))
            .cloned()
            .collect();
        for k in &gone {
            self.known.remove(k);
        }
        gone
    }
}

/// The tournaments a file stands for. The files `deploy --workers k8s` writes are
/// named after one tournament (`<object name>.tourney`) and hold the whole source file
/// it came from, which may define others: only the named one is taken from such a
/// file, so retiring it removes it even while its neighbours stay. A file named
/// otherwise stands for every tournament it defines.
fn own_tournaments(path: &Path, all: Vec<Tournament>) -> Vec<Tournament> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let named = |t: &Tournament| object_name(&t.operator, &t.id) == stem;
    if all.iter().any(named) {
        all.into_iter().filter(named).collect()
    } else {
        all
    }
}

/// `operator/id`.
pub fn key(t: &Tournament) -> String {
    format!("{}/{}", t.operator, t.id)
}

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map_or((0, None), |m| (m.len(), m.modified().ok()))
}
