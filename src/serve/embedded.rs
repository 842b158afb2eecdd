//! The embedded pipeline: NDJSON lines in, every live tournament scored in process, the
//! position changes published to the live streams. No Kafka, no Redis, no database.
//!
//! Each batch is parsed outside any lock, then processed by each tournament under its
//! write lock, exactly as the dry-run processes it, so the final boards equal the
//! dry-run's over the same lines. Malformed lines are dead letters: counted by reason,
//! the first ones kept with their line numbers, and the run goes on.

use super::live::LiveTournament;
use super::metrics::{reason_label, EventKind, Metrics};
use super::phase::Phase;
use crate::dry_run::{AsLine, MalformedLine, MALFORMED_LISTED};
use crate::engine::changes::PositionChange;
use crate::engine::ingest::{parse_record, source_marks, Record};
use crate::engine::sources::control::Control;
use crate::ir::WagerEvent;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Lines per batch: small enough that readers never wait long for the write lock (64
/// events hold it for a few hundred microseconds at 1,000,000 players).
pub const DEFAULT_BATCH: usize = 64;

/// What came in, before any tournament saw it.
#[derive(Debug, Clone, Default)]
pub struct Intake {
    /// Non-blank lines read.
    pub lines: u64,
    /// Lines set aside as dead letters.
    pub malformed: u64,
    /// The first dead letters, with their line numbers.
    pub malformed_lines: Vec<MalformedLine>,
    /// The latest event time read (epoch ms): the event clock.
    pub clock_ms: Option<i64>,
}

/// Feeds lines to a set of live tournaments.
pub struct Pipeline {
    live: Vec<Arc<LiveTournament>>,
    metrics: Arc<Metrics>,
    intake: Intake,
    line_no: usize,
    events: Vec<WagerEvent>,
    /// Control records of the batch, handed to every tournament after its wagers.
    controls: Vec<Control>,
    /// Sources and numbers of the batch's dead letters (they arrived: no gap).
    set_aside: Vec<(String, String)>,
    /// Malformed lines of the batch being fed.
    batch_malformed: u64,
    changes: Vec<PositionChange>,
    stop: Arc<AtomicBool>,
}

impl Pipeline {
    pub fn new(live: Vec<Arc<LiveTournament>>, metrics: Arc<Metrics>) -> Self {
        Pipeline {
            live,
            metrics,
            intake: Intake::default(),
            line_no: 0,
            events: Vec::new(),
            controls: Vec::new(),
            set_aside: Vec::new(),
            batch_malformed: 0,
            changes: Vec::new(),
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Set it to make [`feed_all`] stop reading at the next line (Ctrl-C).
    pub fn stopper(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Whether the input was stopped before its end.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    pub fn tournaments(&self) -> &[Arc<LiveTournament>] {
        &self.live
    }

    pub fn intake(&self) -> &Intake {
        &self.intake
    }

    /// Parses and processes one batch of lines.
    pub fn feed<S: AsLine>(&mut self, lines: &[S]) {
        let arrived = Instant::now();
        self.parse(lines);
        for live in self.live.clone() {
            self.process(&live, arrived);
            if let Some(clock) = self.intake.clock_ms {
                let phase = Phase::at(&live.tournament().schedule, clock);
                if phase != live.phase() {
                    tracing::info!(tournament = live.id(), phase = phase.name(), "phase");
                    live.set_phase(phase);
                }
            }
        }
    }

    fn parse<S: AsLine>(&mut self, lines: &[S]) {
        self.events.clear();
        self.controls.clear();
        self.set_aside.clear();
        self.batch_malformed = 0;
        for line in lines {
            self.line_no += 1;
            let line = match line.as_line() {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => text,
                Err(why) => {
                    self.intake.lines += 1;
                    self.dead_letter(why.to_owned());
                    continue;
                }
            };
            self.intake.lines += 1;
            match parse_record(line) {
                Ok(Record::Control(c)) => self.controls.push(*c),
                Ok(Record::Wager(ev)) => {
                    if let Some(ms) = ev.timestamp_ms {
                        self.intake.clock_ms = Some(self.intake.clock_ms.map_or(ms, |c| c.max(ms)));
                    }
                    self.events.push(ev);
                }
                Err(m) => {
                    self.set_aside.extend(source_marks(line));
                    self.dead_letter(m.reason)
                }
            }
        }
    }

    fn dead_letter(&mut self, reason: String) {
        self.intake.malformed += 1;
        self.batch_malformed += 1;
        self.metrics.count_events(EventKind::Malformed, 1);
        self.metrics.dead_letter(reason_label(&reason));
        tracing::debug!(line = self.line_no, reason, "dead letter");
        if self.intake.malformed_lines.len() < MALFORMED_LISTED {
            self.intake.malformed_lines.push(MalformedLine {
                line: self.line_no,
                reason,
            });
        }
    }

    fn process(&mut self, live: &LiveTournament, arrived: Instant) {
        self.changes.clear();
        let mut counts = [0u64; 6];
        {
            let mut w = live.write();
            for ev in &self.events {
                let kind = EventKind::of(&w.process(ev, &mut self.changes));
                if let Some(i) = EventKind::ALL.iter().position(|k| *k == kind) {
                    counts[i] += 1;
                }
            }
            for (source, seq) in &self.set_aside {
                w.engine_mut().sources_mut().set_aside(source, seq);
            }
            for c in &self.controls {
                if let Err(why) = w.engine_mut().control(c.clone()) {
                    tracing::warn!(source = %c.source_id, why, "a control record cannot be used");
                }
            }
            // A line that is not a wager belongs to no tournament: each one counts it.
            w.count_malformed(self.batch_malformed);
            w.record_history();
            let t = live.tournament();
            let report = w.sources().report(false);
            if report.sources > 0 {
                self.metrics.set_gaps(&t.operator, &t.id, &report);
            }
        }
        for (kind, n) in EventKind::ALL.iter().zip(counts) {
            self.metrics.count_events(*kind, n);
        }
        self.publish(live, arrived);
    }

    fn publish(&self, live: &LiveTournament, arrived: Instant) {
        if self.changes.is_empty() {
            return;
        }
        live.publish(&self.changes);
        let n = self.changes.len() as u64;
        self.metrics.count_position_changes(n);
        self.metrics
            .observe_latency(arrived.elapsed().as_secs_f64(), n);
    }

    /// End of input: publishes the last interval boards and marks every tournament
    /// finished.
    pub fn finish(&mut self) {
        let arrived = Instant::now();
        for live in self.live.clone() {
            live.set_phase(Phase::Finalizing);
            self.changes.clear();
            live.write().engine_mut().flush(&mut self.changes);
            live.record_history();
            self.publish(&live, arrived);
            let players = live.read().standings().len();
            self.metrics
                .set_players(live.operator(), live.id(), players);
            live.set_phase(Phase::Finished);
            tracing::info!(tournament = live.id(), players, "finished");
        }
    }
}

/// How [`feed_all`] paces its input.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// Lines per batch.
    pub batch: usize,
    /// At most this many lines per second (`None`: as fast as they come).
    pub lines_per_s: Option<f64>,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            batch: DEFAULT_BATCH,
            lines_per_s: None,
        }
    }
}

/// Feeds every line of `lines` in batches, then [`Pipeline::finish`]es. Stops at the
/// first read error (the lines before it are processed), or when the pipeline's
/// [`Pipeline::stopper`] is set.
pub fn feed_all<L: AsLine, E>(
    pipeline: &mut Pipeline,
    lines: impl Iterator<Item = Result<L, E>>,
    pace: Pace,
) -> Result<(), E> {
    let batch = match pace.lines_per_s {
        Some(rate) => (rate / 100.0).clamp(1.0, pace.batch.max(1) as f64) as usize,
        None => pace.batch.max(1),
    };
    let started = Instant::now();
    let mut sent = 0u64;
    let mut buf = Vec::with_capacity(batch);
    let mut result = Ok(());
    for line in lines {
        if pipeline.stopped() {
            break;
        }
        match line {
            Ok(l) => buf.push(l),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        if buf.len() >= batch {
            pipeline.feed(&buf);
            sent += buf.len() as u64;
            buf.clear();
            wait_for_rate(started, sent, pace.lines_per_s);
        }
    }
    pipeline.feed(&buf);
    pipeline.finish();
    result
}

fn wait_for_rate(started: Instant, sent: u64, rate: Option<f64>) {
    let Some(rate) = rate.filter(|r| *r > 0.0) else {
        return;
    };
    let due = Duration::from_secs_f64(sent as f64 / rate);
    if let Some(ahead) = due.checked_sub(started.elapsed()) {
        std::thread::sleep(ahead);
    }
}
