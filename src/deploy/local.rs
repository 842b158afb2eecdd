//! Local worker processes: `tourney worker FILE --brokers ... --redis ... --postgres
//! ...`, one per tournament, with a pid file `<operator>.<id>.pid` and a log
//! `<operator>.<id>.log` in the run directory. A worker whose pid file names a live
//! process is not started again. Retiring sends SIGUSR1 and waits: on SIGUSR1 the worker
//! reads what its input holds, writes the final result (the audit record) and exits.
//! (SIGTERM only makes it store a snapshot and stop, to resume later.)

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to start workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalWorkers {
    pub run_dir: PathBuf,
    /// The command prefix, e.g. `["/usr/bin/tourney", "worker"]`.
    pub command: Vec<String>,
    /// Arguments after the file: `--brokers ... --redis ... --postgres ...`.
    pub args: Vec<String>,
}

/// What starting a worker did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    Started(u32),
    AlreadyRunning(u32),
}

/// What stopping a worker did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// SIGUSR1 sent and the process ended.
    Stopped(u32),
    /// No pid file, or its process was already gone.
    NotRunning,
    /// SIGUSR1 sent, but the process still runs after the wait.
    StillRunning(u32),
}

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("`{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the worker command is empty")]
    EmptyCommand,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LocalError + '_ {
    move |source| LocalError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl LocalWorkers {
    pub fn pid_file(&self, operator: &str, id: &str) -> PathBuf {
        self.run_dir.join(format!("{operator}.{id}.pid"))
    }

    /// The pid in the pid file, if the process is alive.
    pub fn running(&self, operator: &str, id: &str) -> Option<u32> {
        let text = std::fs::read_to_string(self.pid_file(operator, id)).ok()?;
        let pid: u32 = text.trim().parse().ok()?;
        alive(pid).then_some(pid)
    }

    /// Starts the worker of `file` unless one is alive.
    pub fn start(&self, operator: &str, id: &str, file: &Path) -> Result<Started, LocalError> {
        if let Some(pid) = self.running(operator, id) {
            return Ok(Started::AlreadyRunning(pid));
        }
        std::fs::create_dir_all(&self.run_dir).map_err(io(&self.run_dir))?;
        let (program, prefix) = self.command.split_first().ok_or(LocalError::EmptyCommand)?;
        let log_path = self.run_dir.join(format!("{operator}.{id}.log"));
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(io(&log_path))?;
        let err = log.try_clone().map_err(io(&log_path))?;
        let mut cmd = Command::new(program);
        cmd.args(prefix)
            .arg(file)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err);
        detach(&mut cmd);
        let child = cmd.spawn().map_err(io(Path::new(program)))?;
        let pid_file = self.pid_file(operator, id);
        std::fs::write(&pid_file, format!("{}\n", child.id())).map_err(io(&pid_file))?;
        Ok(Started::Started(child.id()))
    }

    /// Asks the worker to finalize (SIGUSR1) and waits up to `wait` for it to end.
    pub fn stop(&self, operator: &str, id: &str, wait: Duration) -> Result<Stopped, LocalError> {
        let pid_file = self.pid_file(operator, id);
        let Some(pid) = self.running(operator, id) else {
            let _ = std::fs::remove_file(&pid_file);
            return Ok(Stopped::NotRunning);
        };
        let status = Command::new("kill")
            .args(["-USR1", &pid.to_string()])
            .status()
            .map_err(io(Path::new("kill")))?;
        let started = Instant::now();
        while alive(pid) {
            if !status.success() || started.elapsed() >= wait {
                return Ok(Stopped::StillRunning(pid));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        std::fs::remove_file(&pid_file).map_err(io(&pid_file))?;
        Ok(Stopped::Stopped(pid))
    }
}

/// Own process group, so that Ctrl-C on `tourney deploy` does not reach workers.
#[cfg(unix)]
fn detach(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
}

#[cfg(not(unix))]
fn detach(_cmd: &mut Command) {}

/// Whether `pid` is a live process (a zombie is not).
fn alive(pid: u32) -> bool {
    let stat = Path::new("/proc").join(pid.to_string()).join("stat");
    if let Ok(text) = std::fs::read_to_string(&stat) {
        // `pid (comm) S ...`: the state follows the last `)`.
        return text
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X");
    }
    if Path::new("/proc/self").exists() {
        return false;
    }
    Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
