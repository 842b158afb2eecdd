//! A worker of one tournament: its own consumer, assigned explicitly to the input at
//! the offsets of the last snapshot, reading and scoring in one loop until the
//! tournament is finalized or a stop is asked for.

use crate::io::Io;
use crate::kafka;
use crate::scorer::{Exit, Scorer, Shared, Step};
use crate::settings::Settings;
use crate::WorkerError;
use rdkafka::consumer::BaseConsumer;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tourney::emit::names::Names;
use tourney::ir::Tournament;
use tourney::serve::api::liveness::Beat;

pub struct Solo {
    scorer: Scorer,
    consumer: BaseConsumer,
    shared: Shared,
    settings: Settings,
}

impl Solo {
    /// Connects, restores the last snapshot and positions the consumer.
    pub fn start(
        t: Tournament,
        settings: Settings,
        shared: Shared,
        io: &Io,
    ) -> Result<Solo, WorkerError> {
        let names =
            Names::new(&t.operator, &t.id).map_err(|e| WorkerError::Config(e.to_string()))?;
        let topic = settings.input_topic(&names);
        kafka::ensure_topics(
            &settings.brokers,
            &[&names.updates_topic, &names.dead_letter_topic],
        )
        .map_err(WorkerError::Kafka)?;
        let group = format!("tourney-worker.{}.{}", t.operator, t.id);
        let consumer = kafka::consumer(&settings.brokers, &group)?;
        let parts = kafka::partitions(&consumer, &topic, settings.topic_wait)?;
        kafka::single_partition(&topic, &parts).map_err(WorkerError::Config)?;
        let scorer = Scorer::open(t, &settings, &shared, io, parts.clone())?;
        kafka::assign(&consumer, scorer.offsets(), &parts)?;
        Ok(Solo {
            scorer,
            consumer,
            shared,
            settings,
        })
    }

    /// Runs until the tournament is finalized or a stop is asked for.
    pub fn run(mut self, beat: &Beat) -> Result<Exit, WorkerError> {
        let mut last_lag = Instant::now();
        loop {
            beat.beat();
            if self.shared.stop.load(Ordering::Relaxed) {
                self.scorer.checkpoint(&self.consumer)?;
                return Ok(Exit::Stopped);
            }
            if self
                .scorer
                .due(self.shared.finalize_now.load(Ordering::Relaxed))
            {
                self.finalize(beat)?;
                return Ok(Exit::Finalized);
            }
            if self.batch(Duration::from_millis(100))? > 0 {
                self.scorer.after_batch()?;
            }
            if self.scorer.snapshot_due() {
                self.scorer.checkpoint(&self.consumer)?;
            }
            if last_lag.elapsed() >= Duration::from_secs(1) {
                self.scorer.report_lag();
                last_lag = Instant::now();
            }
        }
    }

    /// Reads and applies up to one batch; returns the records read.
    fn batch(&mut self, wait: Duration) -> Result<usize, WorkerError> {
        let mut read = 0;
        let mut timeout = wait;
        while read < self.settings.batch_max {
            let Some(msg) = self.consumer.poll(timeout) else {
                break;
            };
            let msg = msg?;
            timeout = Duration::ZERO;
            read += 1;
            let step = self.scorer.record(&msg)?;
            drop(msg);
            if let Step::ReadFrom { partition, from } = step {
                self.scorer.read_again(&self.consumer, partition, from)?;
                break;
            }
        }
        if read > 0 {
            self.scorer.io_poll();
        }
        Ok(read)
    }

    /// Applies every record the input holds right now: until the broker reports no
    /// lag and a poll comes back empty (the second guards against brokers whose
    /// reported end offset trails the log); then stores the final result.
    fn finalize(&mut self, beat: &Beat) -> Result<(), WorkerError> {
        self.scorer.finalizing();
        let deadline = Instant::now() + self.settings.drain_timeout;
        loop {
            beat.beat();
            let read = self.batch(Duration::from_millis(300))?;
            let behind = self.scorer.behind(&self.consumer);
            if read == 0 && behind == 0 {
                return self.scorer.close(&self.consumer);
            }
            if Instant::now() >= deadline {
                return Err(WorkerError::Kafka(format!(
                    "could not read the last {behind} records of the input before finalizing"
                )));
            }
        }
    }
}
