//! `--workers none|local|k8s` for `deploy` and `retire`.

use super::CliError;
use crate::deploy::k8s::layout::Layout;
use crate::deploy::k8s::{Autoscaler, K8sOptions};
use crate::deploy::local::{LocalWorkers, Started, Stopped};
use crate::deploy::{scoring, Target};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Workers {
    /// Deploy the queries only.
    #[default]
    None,
    /// Start `tourney worker` processes on this machine.
    Local,
    /// Write the Kubernetes manifests of the scoring pool into --out.
    K8s,
}

#[derive(Debug, Clone, clap::Args)]
pub struct WorkerArgs {
    /// Where the scoring workers run.
    #[arg(long, value_enum, default_value_t = Workers::None)]
    pub workers: Workers,
    /// k8s: the directory the manifests are written to.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// k8s: the worker image.
    #[arg(long)]
    pub image: Option<String>,
    /// k8s: the namespace of the objects.
    #[arg(long)]
    pub namespace: Option<String>,
    /// k8s: tournaments one pool replica scores (sizes the pre-warmed minimum).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub pool_capacity: u32,
    /// k8s: the most replicas the autoscaler runs.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub pool_max_replicas: u32,
    /// k8s: a KEDA ScaledObject (lag, CPU, pre-warm windows) or a plain HPA (CPU).
    #[arg(long, value_enum, default_value_t = Autoscaler::Keda)]
    pub autoscaler: Autoscaler,
    /// local: pid files and logs of the workers.
    #[arg(long, value_name = "DIR", default_value = ".tourney/run")]
    pub run_dir: PathBuf,
    /// local: the command that starts a worker (default: this program's `worker`).
    #[arg(long, value_name = "CMD")]
    pub worker_command: Option<String>,
    /// local: Kafka brokers, HOST:PORT.
    #[arg(long)]
    pub brokers: Option<String>,
    /// local: Redis URL.
    #[arg(long)]
    pub redis: Option<String>,
    /// local: PostgreSQL URL of the durable snapshots.
    #[arg(long)]
    pub postgres: Option<String>,
    /// local: the worker's HTTP listen address (its `--listen`).
    #[arg(long, value_name = "ADDR")]
    pub worker_listen: Option<String>,
}

impl Default for WorkerArgs {
    /// The options' defaults, as the command line gives them.
    fn default() -> Self {
        WorkerArgs {
            workers: Workers::None,
            out: None,
            image: None,
            namespace: None,
            pool_capacity: 1000,
            pool_max_replicas: 20,
            autoscaler: Autoscaler::Keda,
            run_dir: ".tourney/run".into(),
            worker_command: None,
            brokers: None,
            redis: None,
            postgres: None,
            worker_listen: None,
        }
    }
}

impl WorkerArgs {
    fn out(&self) -> Result<&Path, CliError> {
        self.out
            .as_deref()
            .ok_or_else(|| CliError::Usage("--workers k8s needs --out DIR".into()))
    }

    fn local(&self, with_connections: bool) -> Result<LocalWorkers, CliError> {
        let command = match &self.worker_command {
            Some(c) => c.split_whitespace().map(str::to_owned).collect(),
            None => {
                let exe = std::env::current_exe()
                    .map_err(|e| CliError::Usage(format!("cannot find this program: {e}")))?;
                vec![exe.display().to_string(), "worker".into()]
            }
        };
        let mut args = Vec::new();
        if with_connections {
            for (flag, value) in [
                ("--brokers", &self.brokers),
                ("--redis", &self.redis),
                ("--postgres", &self.postgres),
            ] {
                let v = value
                    .as_ref()
                    .ok_or_else(|| CliError::Usage(format!("--workers local needs {flag}")))?;
                args.extend([flag.to_owned(), v.clone()]);
            }
            if let Some(l) = &self.worker_listen {
                args.extend(["--listen".to_owned(), l.clone()]);
            }
        }
        Ok(LocalWorkers {
            run_dir: self.run_dir.clone(),
            command,
            args,
        })
    }

    /// Checks the options before anything is deployed.
    pub fn validate(&self) -> Result<(), CliError> {
        match self.workers {
            Workers::None => Ok(()),
            Workers::K8s => self.out().map(|_| ()),
            Workers::Local => self.local(true).map(|_| ()),
        }
    }

    /// The scoring hash each tournament's workers run with, by stream: the manifest's
    /// annotation (k8s), the file written when a local worker started (local, while it
    /// runs). Empty with `--workers none`.
    pub fn recorded(&self, targets: &[Target]) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for t in targets {
            let (op, id) = (&t.tournament.operator, &t.tournament.id);
            let hash = match self.workers {
                Workers::None => None,
                Workers::K8s => self
                    .out
                    .as_ref()
                    .and_then(|dir| Layout::new(dir).scoring_hash(op, id)),
                Workers::Local => self.local(false).ok().and_then(|l| {
                    l.running(op, id)?;
                    let f = scoring::local_file(&self.run_dir, op, id);
                    Some(std::fs::read_to_string(f).ok()?.trim().to_owned())
                }),
            };
            if let Some(h) = hash {
                out.insert(t.emitted.stream.clone(), h);
            }
        }
        out
    }

    /// Starts or updates the workers of `targets`; one line per tournament.
    /// `changed` holds the streams whose query this deploy replaced or recreated.
    pub fn launch(&self, targets: &[Target], changed: &[&str]) -> Result<Vec<String>, CliError> {
        let mut lines = Vec::new();
        match self.workers {
            Workers::None => {}
            Workers::K8s => {
                let out = self.out()?;
                std::fs::create_dir_all(out).map_err(|e| write_err(out, e))?;
                let layout = Layout::new(out);
                for t in targets {
                    layout.put(t).map_err(|e| write_err(out, e))?;
                }
                let opts = self.k8s_options();
                layout.save_options(&opts).map_err(|e| write_err(out, e))?;
                lines.extend(write_manifests(&layout, out, &opts)?);
            }
            Workers::Local => {
                let local = self.local(true)?;
                for t in targets {
                    let (op, id) = (&t.tournament.operator, &t.tournament.id);
                    let file = self.source_file(t, op, id)?;
                    let msg = match local.start(op, id, &file).map_err(usage)? {
                        Started::Started(pid) => {
                            let f = scoring::local_file(&self.run_dir, op, id);
                            std::fs::write(&f, format!("{}\n", scoring::hash(t)))
                                .map_err(|e| write_err(&f, e))?;
                            format!("started worker {op}/{id} (pid {pid})")
                        }
                        Started::AlreadyRunning(pid)
                            if changed.contains(&t.emitted.stream.as_str()) =>
                        {
                            format!(
                                "worker {op}/{id} already running (pid {pid}); it read its file when it started: restart it to score with the changed rules"
                            )
                        }
                        Started::AlreadyRunning(pid) => {
                            format!("worker {op}/{id} already running (pid {pid})")
                        }
                    };
                    lines.push(msg);
                }
            }
        }
        Ok(lines)
    }

    /// Stops (local) or removes the manifests (k8s) of one tournament.
    pub fn finish(&self, operator: &str, id: &str) -> Result<Vec<String>, CliError> {
        match self.workers {
            Workers::None => Ok(vec![]),
            Workers::Local => {
                let local = self.local(false)?;
                let line = match local
                    .stop(operator, id, Duration::from_secs(30))
                    .map_err(usage)?
                {
                    Stopped::Stopped(pid) => {
                        let _ = std::fs::remove_file(scoring::local_file(&self.run_dir, operator, id));
                        format!(
                        "stopped worker {operator}/{id} (pid {pid}); it wrote the final result on SIGUSR1"
                    )
                    }
                    Stopped::NotRunning => format!("no worker running for {operator}/{id}"),
                    Stopped::StillRunning(pid) => {
                        return Err(CliError::Usage(format!(
                            "worker {operator}/{id} (pid {pid}) still runs 30 s after SIGUSR1; it may still be writing its final result"
                        )))
                    }
                };
                Ok(vec![line])
            }
            Workers::K8s => {
                let out = self.out()?;
                let layout = Layout::new(out);
                let mut lines = Vec::new();
                if layout.remove(operator, id).map_err(|e| write_err(out, e))? {
                    lines.push(format!(
                        "removed {operator}/{id} from the pool's tournaments: its pool member finalizes it once the ConfigMap reaches the pods"
                    ));
                }
                // As the last deploy wrote them.
                let opts = layout.options().unwrap_or_else(|| self.k8s_options());
                lines.extend(write_manifests(&layout, out, &opts)?);
                Ok(lines)
            }
        }
    }

    fn k8s_options(&self) -> K8sOptions {
        let mut o = K8sOptions::default();
        if let Some(i) = &self.image {
            o.image = i.clone();
        }
        o.namespace = self.namespace.clone();
        o.capacity = self.pool_capacity;
        o.max_replicas = self.pool_max_replicas;
        o.autoscaler = self.autoscaler;
        o
    }

    /// The `.tourney` file a local worker reads: the tournament's own source file.
    fn source_file(&self, t: &Target, op: &str, id: &str) -> Result<PathBuf, CliError> {
        match &t.origin {
            Some(o) if Path::new(&o.file).is_file() => Ok(PathBuf::from(&o.file)),
            _ => {
                let path = self.run_dir.join(format!("{op}.{id}.tourney"));
                std::fs::create_dir_all(&self.run_dir).map_err(|e| write_err(&self.run_dir, e))?;
                super::atomic::write(&path, t.source.as_bytes())?;
                Ok(path)
            }
        }
    }
}

fn usage(e: impl std::fmt::Display) -> CliError {
    CliError::Usage(e.to_string())
}

/// Rewrites the pool's manifests; a line per file changed.
fn write_manifests(
    layout: &Layout,
    out: &Path,
    opts: &K8sOptions,
) -> Result<Vec<String>, CliError> {
    let now = chrono::Utc::now().timestamp_millis();
    let changed = layout
        .write_manifests(opts, now)
        .map_err(|e| write_err(out, e))?;
    if changed.is_empty() {
        return Ok(vec![format!("manifests in {} up to date", out.display())]);
    }
    let mut lines: Vec<String> = changed
        .iter()
        .map(|p| format!("wrote {}", p.display()))
        .collect();
    lines.push(format!("run: kubectl apply -f {}", out.display()));
    Ok(lines)
}

fn write_err(path: &Path, e: std::io::Error) -> CliError {
    CliError::Write {
        path: path.display().to_string(),
        source: e,
    }
}
