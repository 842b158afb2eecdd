//! Putting a version live, and retiring it.
//!
//! - On the embedded default the tournament runs in this process: a
//!   [`LiveTournament`] in the read API's [`Registry`], fed by the generator or the
//!   NDJSON sent, through the embedded pipeline of `tourney run`. Its live board then
//!   answers at `/v1/tournaments/{id}/leaderboard` and `/changes`.
//! - With a ksqlDB server ([`cluster`]), the version is planned and applied by the
//!   code of `tourney deploy`, and its workers launched as `deploy` launches them.
//!
//! Every activation answers its [`Step`]s with their state, so a failed one says what
//! was done and what was not; activating again finishes the job (deploying is
//! idempotent, and an embedded run is replaced as a whole).

pub mod cluster;
mod feed;

pub use cluster::Cluster;
pub use feed::{Feed, GenSpec};

use crate::engine::{Engine, EngineOptions};
use crate::ir::{Schedule, Tournament};
use crate::serve::embedded::{feed_all, Pace, Pipeline, DEFAULT_BATCH};
use crate::serve::phase::Phase;
use crate::serve::{LiveTournament, Metrics, Registry};
use parking_lot::Mutex;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// One step of an activation or a retirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub name: String,
    pub state: StepState,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Done,
    Failed,
    /// Not attempted, because an earlier step failed.
    NotRun,
}

impl Step {
    pub fn done(name: impl Into<String>, detail: impl Into<String>) -> Step {
        Step {
            name: name.into(),
            state: StepState::Done,
            detail: detail.into(),
        }
    }

    pub fn failed(name: impl Into<String>, detail: impl Into<String>) -> Step {
        Step {
            name: name.into(),
            state: StepState::Failed,
            detail: detail.into(),
        }
    }

    pub fn not_run(name: impl Into<String>) -> Step {
        Step {
            name: name.into(),
            state: StepState::NotRun,
            detail: String::new(),
        }
    }
}

/// Whether every step is done.
pub fn complete(steps: &[Step]) -> bool {
    steps.iter().all(|s| s.state == StepState::Done)
}

/// One action of a plan, as the portal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Planned {
    pub kind: String,
    pub object: String,
    pub reason: String,
}

/// An embedded run: which version, and how far its input is.
struct Run {
    version: String,
    stop: Arc<AtomicBool>,
    fed: Arc<AtomicU64>,
    total: u64,
}

type Key = (String, String);

/// Puts versions live and retires them; remembers what runs.
pub struct Activator {
    registry: Arc<Registry>,
    metrics: Arc<Metrics>,
    cluster: Option<Cluster>,
    runs: Mutex<HashMap<Key, Run>>,
    /// Versions deployed to the cluster, with their schedule (for the phase).
    deployed: Mutex<HashMap<Key, (String, Schedule)>>,
    retired: Mutex<HashSet<Key>>,
}

fn key(operator: &str, id: &str) -> Key {
    (operator.to_string(), id.to_string())
}

impl Activator {
    /// Activates into the embedded runtime, or through `cluster` when given.
    pub fn new(registry: Arc<Registry>, metrics: Arc<Metrics>, cluster: Option<Cluster>) -> Self {
        Activator {
            registry,
            metrics,
            cluster,
            runs: Mutex::new(HashMap::new()),
            deployed: Mutex::new(HashMap::new()),
            retired: Mutex::new(HashSet::new()),
        }
    }

    /// `embedded`, or the ksqlDB URL.
    pub fn target(&self) -> String {
        self.cluster
            .as_ref()
            .map_or_else(|| "embedded".to_string(), Cluster::url)
    }

    /// The live tournament of the embedded runtime, if it runs.
    pub fn live(&self, operator: &str, id: &str) -> Option<Arc<LiveTournament>> {
        self.registry.get(operator, id)
    }

    /// The version running in the embedded runtime.
    pub fn live_version(&self, operator: &str, id: &str) -> Option<String> {
        let k = key(operator, id);
        if let Some(r) = self.runs.lock().get(&k) {
            return Some(r.version.clone());
        }
        self.deployed.lock().get(&k).map(|(v, _)| v.clone())
    }

    /// `draft`, `retired` or the live phase (`scheduled` ... `finished`).
    pub fn phase(&self, operator: &str, id: &str) -> String {
        if let Some(live) = self.live(operator, id) {
            return live.phase().name().to_string();
        }
        if let Some((_, schedule)) = self.deployed.lock().get(&key(operator, id)) {
            let now = chrono::Utc::now().timestamp_millis();
            return Phase::at(schedule, now).name().to_string();
        }
        if self.retired.lock().contains(&key(operator, id)) {
            return "retired".into();
        }
        "draft".into()
    }

    /// Events of the input not scored yet.
    pub fn lag(&self, operator: &str, id: &str) -> u64 {
        self.runs
            .lock()
            .get(&key(operator, id))
            .map_or(0, |r| r.total.saturating_sub(r.fed.load(Ordering::Relaxed)))
    }

    /// What activating `t` would do.
    pub async fn plan(&self, t: &Tournament, source: &str) -> Result<Vec<Planned>, String> {
        if let Some(c) = &self.cluster {
            return c.plan(t, source).await;
        }
        let object = format!("live board {}/{}", t.operator, t.id);
        let (kind, reason) = match self.live_version(&t.operator, &t.id) {
            None => (
                "create",
                "runs in the embedded runtime, fed by the input chosen".to_string(),
            ),
            Some(v) => (
                "replace",
                format!(
                    "the run of version {} stops; the board starts over",
                    short(&v)
                ),
            ),
        };
        Ok(vec![Planned {
            kind: kind.into(),
            object,
            reason,
        }])
    }

    /// Activates version `version` of `t`.
    pub async fn activate(
        &self,
        t: &Tournament,
        source: &str,
        version: &str,
        feed: Feed,
    ) -> Vec<Step> {
        self.retired.lock().remove(&key(&t.operator, &t.id));
        match &self.cluster {
            Some(c) => {
                let steps = c.activate(t, source).await;
                if complete(&steps) {
                    let deployed = (version.to_string(), t.schedule.clone());
                    self.deployed
                        .lock()
                        .insert(key(&t.operator, &t.id), deployed);
                }
                steps
            }
            None => self.run_embedded(t, version, feed),
        }
    }

    fn run_embedded(&self, t: &Tournament, version: &str, feed: Feed) -> Vec<Step> {
        let lines = match feed.lines(t) {
            Ok(l) => l,
            Err(e) => {
                return vec![
                    Step::failed("read the input", e),
                    Step::not_run("start the live board"),
                    Step::not_run("feed the events"),
                ]
            }
        };
        let total = lines.total();
        let mut steps = vec![Step::done("read the input", lines.describe())];
        if let Some(old) = self.stop_run(&t.operator, &t.id) {
            steps.push(Step::done(
                "stop the previous run",
                format!("version {}", short(&old)),
            ));
        }
        let live = LiveTournament::new(t.clone(), Engine::new(t, EngineOptions::default()));
        self.registry.insert(live.clone());
        steps.push(Step::done(
            "start the live board",
            format!("/v1/tournaments/{}/leaderboard", t.id),
        ));
        let run = Run {
            version: version.to_string(),
            stop: Arc::new(AtomicBool::new(false)),
            fed: Arc::new(AtomicU64::new(0)),
            total,
        };
        let mut pipeline = Pipeline::new(vec![live], self.metrics.clone());
        let (stop, fed) = (run.stop.clone(), run.fed.clone());
        let pace = Pace {
            batch: DEFAULT_BATCH,
            lines_per_s: feed.rate(),
        };
        let spawned = std::thread::Builder::new()
            .name(format!("feed-{}", t.id))
            .spawn(move || {
                let stopper = pipeline.stopper();
                let counted = lines.into_iter().map(move |l| {
                    if stop.load(Ordering::Relaxed) {
                        stopper.store(true, Ordering::Relaxed);
                    }
                    fed.fetch_add(1, Ordering::Relaxed);
                    Ok::<_, std::io::Error>(l)
                });
                if let Err(e) = feed_all(&mut pipeline, counted, pace) {
                    tracing::warn!(error = %e, "the feed stopped");
                }
            });
        match spawned {
            Ok(_) => {
                self.runs.lock().insert(key(&t.operator, &t.id), run);
                steps.push(Step::done(
                    "feed the events",
                    format!("{total} events, in the background"),
                ));
            }
            Err(e) => steps.push(Step::failed("feed the events", e.to_string())),
        }
        steps
    }

    /// Stops an embedded run and takes its board out of the registry; the version it
    /// ran.
    fn stop_run(&self, operator: &str, id: &str) -> Option<String> {
        let run = self.runs.lock().remove(&key(operator, id))?;
        run.stop.store(true, Ordering::Relaxed);
        self.registry.remove(operator, id);
        Some(run.version)
    }

    /// Retires a tournament: its embedded run stops, or its query and workers go.
    pub async fn retire(&self, operator: &str, id: &str) -> Vec<Step> {
        let steps = match &self.cluster {
            Some(c) => c.retire(operator, id).await,
            None => match self.stop_run(operator, id) {
                Some(v) => vec![Step::done("stop the run", format!("version {}", short(&v)))],
                None => {
                    let was_live = self.registry.remove(operator, id).is_some();
                    vec![Step::done(
                        "stop the run",
                        if was_live {
                            "stopped"
                        } else {
                            "it was not running"
                        },
                    )]
                }
            },
        };
        if complete(&steps) {
            self.deployed.lock().remove(&key(operator, id));
            self.retired.lock().insert(key(operator, id));
        }
        steps
    }
}

/// The first 12 digits of a version hash.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
