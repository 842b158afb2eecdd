//! A pool member: one process scoring every tournament the consumer group assigns it,
//! through one consumer and one producer, in one loop. Replicas of the pool share a
//! watched folder of tournaments ([`catalog`]) and a group ([`group`]); Kubernetes
//! sizes the pool (see `tourney deploy --workers k8s`).
//!
//! The loop: rescan the folder every second (new tournaments join the subscription
//! once past their pre-warm, changed ones are rescored, removed ones are finalized);
//! poll a batch and hand each record to its tournament's scorer; then, per tournament,
//! the board and tables, the due snapshots, and the finalizations.

pub mod catalog;
pub mod entry;
pub mod group;
pub mod held;
pub mod locate;
pub mod origin;
pub mod raw;

use crate::io::Io;
use crate::kafka;
use crate::scorer::{now_ms, Exit, Shared, Step};
use crate::settings::Settings;
use crate::WorkerError;
use catalog::{Catalog, Changes};
use group::Group;
use held::Held;
use parking_lot::Mutex;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::Message;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often a held tournament's live board (Redis, history) is written at most.
/// Position changes are published per wager regardless.
const BOARD_EVERY: Duration = Duration::from_millis(250);

/// Time one pass of the loop spends on snapshots and table writes at most; what does
/// not fit waits for the next pass (a few milliseconds later).
const DURABLE_BUDGET: Duration = Duration::from_millis(20);

/// How often finalized tournaments leave the subscription.
const SHRINK_EVERY: Duration = Duration::from_secs(30);

/// How a pool is run.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// The consumer group the replicas share.
    pub group: String,
    /// How long the group waits for a silent member before moving its tournaments.
    pub session_timeout_ms: u32,
    /// How often the folder is scanned.
    pub scan_every: Duration,
}

pub struct Pool {
    held: Arc<Mutex<Held>>,
    consumer: BaseConsumer<Group>,
    catalog: Catalog,
    /// Sorted.
    subscribed: Vec<String>,
    last_subscribe: Instant,
    /// The last tournament given durable work (see [`Pool::tick`]).
    cursor: String,
    settings: Settings,
    shared: Shared,
    opts: PoolOptions,
}

impl Pool {
    pub fn start(
        catalog: Catalog,
        settings: Settings,
        shared: Shared,
        opts: PoolOptions,
    ) -> Result<Pool, WorkerError> {
        let io = Io::connect(&settings, &shared, crate::producers::POOL_SHARDS)?;
        let held = Arc::new(Mutex::new(Held::new(settings.clone(), shared.clone(), io)));
        let consumer = group::consumer(
            &settings.brokers,
            &opts.group,
            opts.session_timeout_ms,
            &held,
        )?;
        if settings.source == crate::settings::Source::Raw {
            // One ordered sequence of wagers, as for a worker of one tournament.
            let topic = tourney::emit::names::SOURCE_TOPIC;
            let parts = kafka::partitions(&consumer, topic, settings.topic_wait)?;
            kafka::single_partition(topic, &parts).map_err(WorkerError::Config)?;
        }
        Ok(Pool {
            held,
            consumer,
            catalog,
            subscribed: Vec::new(),
            last_subscribe: Instant::now(),
            cursor: String::new(),
            settings,
            shared,
            opts,
        })
    }

    /// Runs until stopped. Unlike a worker of one tournament, a pool does not end when
    /// its tournaments do: new ones may arrive.
    pub fn run(mut self) -> Result<Exit, WorkerError> {
        let mut last_scan: Option<Instant> = None;
        let mut last_lag = Instant::now();
        let beat = self.shared.alive.register();
        loop {
            beat.beat();
            if self.shared.stop.load(Ordering::Relaxed) {
                return self.stop();
            }
            if last_scan.is_none_or(|t| t.elapsed() >= self.opts.scan_every) {
                self.scan()?;
                last_scan = Some(Instant::now());
                self.shared.ready.store(true, Ordering::Relaxed);
            }
            self.batch(Duration::from_millis(100))?;
            self.tick()?;
            if last_lag.elapsed() >= Duration::from_secs(1) {
                let mut held = self.held.lock();
                held.verify_leases()?;
                for s in held.scorers.values() {
                    s.report_lag();
                }
                last_lag = Instant::now();
            }
        }
    }

    /// Reads up to one batch and hands each record to its tournament.
    fn batch(&mut self, wait: Duration) -> Result<usize, WorkerError> {
        let mut read = 0;
        let mut timeout = wait;
        while read < self.settings.batch_max {
            // The lock is not held across `poll`: the rebalance callbacks take it.
            let Some(msg) = self.consumer.poll(timeout) else {
                break;
            };
            let msg = msg?;
            timeout = Duration::ZERO;
            read += 1;
            let topic = msg.topic().to_string();
            let step = self.held.lock().record(&msg)?;
            drop(msg);
            if let Some(Step::ReadFrom { partition, from }) = step {
                tracing::warn!(
                    topic,
                    partition,
                    from,
                    "the input skipped records; reading again from further back"
                );
                kafka::rewind(
                    &self.consumer,
                    &topic,
                    partition,
                    rdkafka::Offset::Offset(from),
                )?;
            }
        }
        let mut held = self.held.lock();
        if read > 0 {
            held.io.producer.poll();
        }
        let mut later = std::collections::BTreeSet::new();
        for key in std::mem::take(&mut held.dirty) {
            if let Some(s) = held.scorers.get_mut(&key) {
                if s.board_fresh(BOARD_EVERY) {
                    later.insert(key);
                } else if let Err(e) = s.after_batch() {
                    held.lost(&key, e)?;
                }
            }
        }
        held.dirty = later;
        Ok(read)
    }

    /// Finalizations, and the snapshots and table writes that are due, within
    /// [`DURABLE_BUDGET`] per call, taking the tournaments in turn.
    fn tick(&mut self) -> Result<(), WorkerError> {
        let mut held = self.held.lock();
        let retire_all = self.shared.finalize_now.load(Ordering::Relaxed);
        let shared_position = held.raw.as_ref().map(|r| r.reached().clone());
        let mut keys: Vec<String> = held.scorers.keys().cloned().collect();
        // Start after the last tournament served, so every one gets its turn.
        let turn = keys.partition_point(|k| *k <= self.cursor);
        keys.rotate_left(turn);
        let started = Instant::now();
        // Delivery reports: the snapshots whose output is delivered can be stored.
        held.io.producer.poll();
        for key in keys {
            let retiring = retire_all || held.retiring.contains(&key);
            let Some(s) = held.scorers.get_mut(&key) else {
                continue;
            };
            if let Some(at) = &shared_position {
                s.catch_up(at);
            }
            let result = if s.due(retiring) {
                s.finalizing();
                // Finalize once the input is read to its end (checked on a tick with
                // no record for it, against the broker's end offset).
                match s.behind(&self.consumer) {
                    0 => s.close(&self.consumer).map(|()| true),
                    _ => Ok(false),
                }
            } else if s.durable_due() && started.elapsed() < DURABLE_BUDGET {
                self.cursor.clone_from(&key);
                s.durable_work(&self.consumer).map(|()| false)
            } else {
                Ok(false)
            };
            match result {
                Ok(true) => {
                    if let Some(s) = held.scorers.remove(&key) {
                        if let Err(e) = s.hand_back(&self.consumer, "finalized") {
                            tracing::warn!(tournament = %key, error = %e, "cannot release a finalized tournament's lease");
                        }
                    }
                    if let Some(raw) = held.raw.as_mut() {
                        raw.stale();
                    }
                    held.retiring.remove(&key);
                    held.finished.insert(key);
                }
                Ok(false) => {}
                Err(e) => held.lost(&key, e)?,
            }
        }
        Ok(())
    }

    /// Rescans the folder, applies what changed, and subscribes to the topics due.
    fn scan(&mut self) -> Result<(), WorkerError> {
        let changes = self.catalog.scan();
        if !changes.is_empty() {
            self.apply(changes)?;
        }
        let shrink_due = self.last_subscribe.elapsed() >= SHRINK_EVERY;
        if shrink_due {
            // Tournaments the other members finalized.
            self.held.lock().refresh_finished()?;
        }
        let wanted = {
            let mut held = self.held.lock();
            let woke = held.wake(now_ms());
            if !woke.is_empty() {
                self.create_outputs(&woke)?;
                // On a shared input the topic is assigned already: take them now.
                held.adopt(&self.consumer);
            }
            held.wanted(now_ms())
        };
        // A topic joins at once; finalized ones leave in batches, since every change
        // of the subscription is a rebalance.
        let grows = wanted
            .iter()
            .any(|t| self.subscribed.binary_search(t).is_err());
        if wanted != self.subscribed && (grows || shrink_due) {
            let topics: Vec<&str> = wanted.iter().map(String::as_str).collect();
            if topics.is_empty() {
                self.consumer.unsubscribe();
            } else {
                self.consumer.subscribe(&topics)?;
            }
            tracing::info!(topics = wanted.len(), "subscription changed");
            self.subscribed = wanted;
            self.last_subscribe = Instant::now();
        }
        Ok(())
    }

    /// New tournaments join the catalog (their output topics are created now, not in
    /// the rebalance); changed ones held here are rescored; removed ones are retired.
    fn apply(&mut self, changes: Changes) -> Result<(), WorkerError> {
        let mut held = self.held.lock();
        let mut outputs = Vec::new();
        let mut rescore = Vec::new();
        for (key, entry) in changes.upserted {
            // A dormant tournament's topics are created when it wakes.
            if entry.tournament().is_some() {
                outputs.push(key.clone());
            }
            if held.add(key.clone(), entry) {
                rescore.push(key);
            }
        }
        held.refresh_finished()?;
        for key in changes.removed {
            if held.scorers.contains_key(&key) {
                // Finalized now by its holder; it leaves the catalog once finalized.
                held.retiring.insert(key);
            } else {
                held.forget(&key);
            }
        }
        self.create_outputs(&outputs)?;
        for key in rescore {
            held.rescore(&key, &self.consumer);
        }
        held.adopt(&self.consumer);
        Ok(())
    }

    /// Creates the output topics of the tournaments `keys` (and, with `--source raw`,
    /// the shared dead-letter topic).
    fn create_outputs(&self, keys: &[String]) -> Result<(), WorkerError> {
        let mut topics = Vec::new();
        for key in keys {
            let (op, id) = key.split_once('/').unwrap_or((key, ""));
            if let Ok(names) = tourney::emit::names::Names::new(op, id) {
                topics.push(names.updates_topic);
                topics.push(names.dead_letter_topic);
            }
        }
        if topics.is_empty() {
            return Ok(());
        }
        if self.settings.source == crate::settings::Source::Raw {
            topics.push(raw::DEAD_LETTER_TOPIC.to_string());
        }
        let refs: Vec<&str> = topics.iter().map(String::as_str).collect();
        kafka::ensure_topics(&self.settings.brokers, &refs).map_err(WorkerError::Kafka)
    }

    /// SIGTERM: every held tournament is snapshotted and its lease released, then the
    /// consumer leaves the group, so the others take over at once.
    fn stop(self) -> Result<Exit, WorkerError> {
        let mut held = self.held.lock();
        let keys: Vec<String> = held.scorers.keys().cloned().collect();
        for key in keys {
            held.give_back(&key, &self.consumer);
        }
        drop(held);
        self.consumer.unsubscribe();
        // Dropping the consumer closes it: it leaves the group.
        drop(self.consumer);
        Ok(Exit::Stopped)
    }
}
