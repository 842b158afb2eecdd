//! A real Chromium, driven over WebDriver (ChromeDriver + fantoccini), for the page tests;
//! and the `tourney` binary started as a server whose address is read from its stderr.
//!
//! `scripts/services` installs Debian's `chromium` and `chromium-driver` when they are
//! missing and exports `TOURNEY_TEST_CHROMIUM` and `TOURNEY_TEST_CHROMEDRIVER`; without
//! them a browser test fails, naming what is missing, rather than skipping.
//!
//! Every browser gets its own ChromeDriver on a free port and its own empty profile, so
//! tests run in parallel. Waits poll for what a user would see, with a generous limit, so
//! a loaded machine makes a test slower, never red.

#![allow(dead_code)] // reason: each test file uses its own subset

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::error::Error;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

/// How long a wait for something on the page lasts before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

fn tool(env: &str, default: &str, package: &str) -> Res<PathBuf> {
    let path = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    if !path.exists() {
        return Err(format!(
            "{} is missing: install Debian's `{package}` (scripts/services does) or set {env}",
            path.display()
        )
        .into());
    }
    Ok(path)
}

fn free_port() -> Res<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Kills the whole process group of `child` (a browser's helpers too), then reaps it.
/// Each child is spawned as the leader of its own group, so the group is its own.
fn kill_group(child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let pid = rustix::process::Pid::from_child(child);
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn spawn_in_group(cmd: &mut Command) -> std::io::Result<Child> {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0).spawn()
}

/// One headless Chromium with its driver and profile.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts ChromeDriver on a free port and opens a session in a fresh profile.
    pub async fn start() -> Res<Browser> {
        let chromium = tool("TOURNEY_TEST_CHROMIUM", "/usr/bin/chromium", "chromium")?;
        let driver_bin = tool(
            "TOURNEY_TEST_CHROMEDRIVER",
            "/usr/bin/chromedriver",
            "chromium-driver",
        )?;
        let port = free_port()?;
        let mut driver = spawn_in_group(
            Command::new(&driver_bin)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        if let Err(e) = wait_listening(port, WAIT) {
            kill_group(&mut driver);
            return Err(e);
        }
        let profile = tempfile::tempdir()?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": chromium, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = match ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => c,
            Err(e) => {
                kill_group(&mut driver);
                return Err(format!("could not open a Chromium session: {e}").into());
            }
        };
        Ok(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Ends the session (Chromium quits) and stops the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        kill_group(&mut self.driver);
    }

    pub async fn goto(&self, url: &str) -> Res<()> {
        self.client.goto(url).await?;
        Ok(())
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Res<Element> {
        let el = self
            .client
            .wait()
            .at_most(WAIT)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("`{css}` never appeared: {e}"))?;
        Ok(el)
    }

    /// Waits until the text of `css` satisfies `ok`, and returns it.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> Res<String> {
        let started = Instant::now();
        let mut last = String::new();
        while started.elapsed() < WAIT {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = el.text().await {
                    if ok(&text) {
                        return Ok(text);
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("`{css}` never showed the expected text; last seen: {last:?}").into())
    }

    /// Waits until a script returning a boolean returns true.
    /// A script that fails (its element is not on the page yet) counts as not true yet;
    /// its last error is in the message when the time is up.
    pub async fn wait_until(&self, what: &str, script: &str) -> Res<()> {
        let started = Instant::now();
        let mut last = String::new();
        while started.elapsed() < WAIT {
            match self.client.execute(script, vec![]).await {
                Ok(v) if v.as_bool() == Some(true) => return Ok(()),
                Ok(_) => {}
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::JavascriptError =>
                {
                    last = format!(" (last: {})", e.message);
                }
                Err(e) => return Err(e.into()),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("never true: {what}{last}").into())
    }

    /// Resizes the window to `width` x `height` CSS pixels (a phone, a tablet) and checks
    /// that the page then needs no sideways scrolling.
    pub async fn fits(&self, width: u32, height: u32) -> Res<()> {
        self.client.set_window_size(width, height).await?;
        self.wait_until(
            &format!("the window is {width} px wide or less"),
            &format!("return window.innerWidth <= {width}"),
        )
        .await?;
        self.wait_until(
            &format!("the page fits {width} px without sideways scrolling"),
            "return document.documentElement.scrollWidth <= window.innerWidth",
        )
        .await
    }

    /// Types into the field `css` after clearing it.
    pub async fn fill(&self, css: &str, text: &str) -> Res<()> {
        let el = self.find(css).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    pub async fn click(&self, css: &str) -> Res<()> {
        self.find(css).await?.click().await?;
        Ok(())
    }

    /// Saves a PNG of the page as `book/src/<name>.png` when `TOURNEY_SCREENSHOTS=1`, so
    /// the book's pictures are taken by the tests themselves.
    pub async fn screenshot(&self, name: &str) -> Res<()> {
        if std::env::var("TOURNEY_SCREENSHOTS").as_deref() != Ok("1") {
            return Ok(());
        }
        let png = self.client.screenshot().await?;
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("book/src")
            .join(format!("{name}.png"));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png)?;
        Ok(())
    }
}

fn wait_listening(port: u16, limit: Duration) -> Res<()> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("nothing listened on port {port} within {limit:?}").into())
}

/// A server process (the `tourney` binary) and the address it printed.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    /// stderr lines after the address line, for failure messages.
    pub log: mpsc::Receiver<String>,
}

impl Server {
    /// Spawns `cmd` and waits for a stderr line containing `<marker> http://ADDR`
    /// (for example `portal on` or `read API on`); the command should listen on port 0.
    pub fn spawn(cmd: &mut Command, marker: &str) -> Res<Server> {
        let mut child = spawn_in_group(cmd.stdout(Stdio::null()).stderr(Stdio::piped()))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let needle = format!("{marker} http://");
        let started = Instant::now();
        let mut seen = Vec::new();
        while started.elapsed() < WAIT * 2 {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    if let Some(at) = line.find(&needle) {
                        let rest = &line[at + needle.len()..];
                        let addr = rest.split_whitespace().next().unwrap_or_default();
                        let addr: SocketAddr = addr.trim_end_matches('/').parse()?;
                        return Ok(Server {
                            child,
                            addr,
                            log: rx,
                        });
                    }
                    seen.push(line);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        kill_group(&mut child);
        Err(format!(
            "the server never printed `{needle}`; it said:\n{}",
            seen.join("\n")
        )
        .into())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server (SIGKILL: a crash, as far as it knows).
    pub fn kill(&mut self) {
        kill_group(&mut self.child);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        kill_group(&mut self.driver);
    }
}
