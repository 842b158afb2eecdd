//! `--workers none|local|k8s` for `deploy` and `retire`.

use super::CliError;
use crate::deploy::k8s::{self, K8sOptions};
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
    /// Write Kubernetes manifests into --out.
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
                Workers::K8s => self.out.as_ref().and_then(|dir| {
                    let text = std::fs::read_to_string(dir.join(k8s::file_name(op, id))).ok()?;
                    scoring::from_manifest(&text)
                }),
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
                let opts = self.k8s_options();
                for t in targets {
                    let path = out.join(k8s::file_name(&t.tournament.operator, &t.tournament.id));
                    super::atomic::write(&path, k8s::manifests(t, &opts).as_bytes())?;
                    lines.push(format!("wrote {}", path.display()));
                }
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
                let path = self.out()?.join(k8s::file_name(operator, id));
                let mut lines = vec![format!(
                    "run: kubectl delete deployment,configmap -l tourney.dev/operator={},tourney.dev/tournament={}",
                    k8s::label_value(operator),
                    k8s::label_value(id)
                )];
                if path.exists() {
                    std::fs::remove_file(&path).map_err(|e| write_err(&path, e))?;
                    lines.push(format!("removed {}", path.display()));
                }
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

fn write_err(path: &Path, e: std::io::Error) -> CliError {
    CliError::Write {
        path: path.display().to_string(),
        source: e,
    }
}
