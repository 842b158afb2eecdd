//! Real services for the worker's tests: a Kafka-protocol broker (tansu) and a Redis
//! server started per test on free ports, and a fresh database on the PostgreSQL server
//! the test command started. A missing service fails the test with what to do.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// A free local port (bound, then released).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    l.local_addr().expect("local address").port()
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited at start ({status}); is it installed? run `make services`");
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not listen on {port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn binary(env: &str, name: &str) -> String {
    std::env::var(env).unwrap_or_else(|_| name.to_string())
}

/// A tansu broker with in-memory storage; killed on drop.
pub struct Broker {
    child: Child,
    pub bootstrap: String,
}

impl Broker {
    pub fn start() -> Broker {
        let port = free_port();
        let url = format!("tcp://127.0.0.1:{port}");
        let bin = binary("TOURNEY_TEST_TANSU", "tansu");
        let mut child = Command::new(&bin)
            .args(["broker", "--storage-engine", "memory://tansu/"])
            .args(["--listener-url", &url, "--advertised-listener-url", &url])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start the Kafka broker `{bin}`: {e}; run `make services` (it installs tansu)")
            });
        wait_for_port(port, "tansu", &mut child);
        Broker {
            child,
            bootstrap: format!("127.0.0.1:{port}"),
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Redis server of its own, so a test can restart it; keeps nothing on disk.
pub struct Redis {
    child: Child,
    pub port: u16,
}

impl Redis {
    pub fn start() -> Redis {
        let port = free_port();
        Redis {
            child: Self::spawn(port),
            port,
        }
    }

    fn spawn(port: u16) -> Child {
        let bin = binary("TOURNEY_TEST_REDIS_SERVER", "redis-server");
        let mut child = Command::new(&bin)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start `{bin}`: {e}; install Redis (Debian: redis-server)")
            });
        wait_for_port(port, "redis-server", &mut child);
        child
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills the server (it loses everything) and starts a new one on the same port.
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = Self::spawn(self.port);
    }

    pub fn connection(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .and_then(|c| c.get_connection())
            .expect("connect to the test Redis")
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The PostgreSQL server the test command started or checked.
pub fn postgres_admin_url() -> String {
    std::env::var("TOURNEY_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A new, empty database for one test; its URL.
pub fn fresh_database() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let admin = postgres_admin_url();
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap_or_else(|e| {
        panic!("PostgreSQL is not reachable at {admin}: {e}; run `make services` or set TOURNEY_TEST_POSTGRES")
    });
    let name = format!(
        "tourney_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        client.batch_execute(&sql).expect("create a test database");
    }
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}
