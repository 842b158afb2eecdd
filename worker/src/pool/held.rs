//! What a pool member holds: the catalog's tournaments, and a scorer for each one the
//! consumer group assigned to this member, all by tournament (`operator/id`). The
//! group's rebalance callbacks ([`super::group`]) and the scoring loop ([`super`]) both
//! work on it, one at a time (the callbacks run inside the loop's own `poll`).
//!
//! With `--source eligible` a tournament is its own one-partition topic, so the group
//! assigns tournaments. With `--source raw` every tournament reads `wager.events`: the
//! member that holds its partition holds every tournament, reads each record once and
//! hands it to the tournaments that could count it ([`super::raw`]).

use super::entry::Entry;
use super::origin::Origin;
use super::raw::Raw;
use crate::io::Io;
use crate::scorer::{Scorer, Shared, Step};
use crate::settings::{Settings, Source};
use crate::store::StoreError;
use crate::WorkerError;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::message::BorrowedMessage;
use rdkafka::{Message, Offset};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use tourney::emit::names::Names;
use tourney::ir::Tournament;

pub struct Held {
    pub settings: Settings,
    pub shared: Shared,
    pub io: Io,
    /// Every tournament of the catalog, by key.
    pub catalog: BTreeMap<String, Entry>,
    /// The scorers of the tournaments held here, by key.
    pub scorers: BTreeMap<String, Scorer>,
    /// To be finalized now (`tourney retire`: its file left the folder).
    pub retiring: BTreeSet<String>,
    /// Finalized (here or by another member): left out of the subscription.
    pub finished: BTreeSet<String>,
    /// Tournaments that applied a record in the current batch.
    pub dirty: BTreeSet<String>,
    /// The shared input's position and index (`--source raw`).
    pub raw: Option<Raw>,
    /// The partitions of the shared input assigned here (`--source raw`).
    pub raw_parts: BTreeSet<i32>,
    /// Input topic → tournament (`--source eligible`, one tournament a topic).
    by_topic: HashMap<String, String>,
}

impl Held {
    pub fn new(settings: Settings, shared: Shared, io: Io) -> Held {
        let raw = (settings.source == Source::Raw).then(Raw::default);
        Held {
            settings,
            shared,
            io,
            catalog: BTreeMap::new(),
            scorers: BTreeMap::new(),
            retiring: BTreeSet::new(),
            finished: BTreeSet::new(),
            dirty: BTreeSet::new(),
            raw,
            raw_parts: BTreeSet::new(),
            by_topic: HashMap::new(),
        }
    }

    /// Adds or replaces a tournament of the catalog; whether it was there before.
    pub fn add(&mut self, key: String, entry: Entry) -> bool {
        if self.raw.is_none() {
            if let Some((op, id)) = key.split_once('/') {
                self.by_topic.insert(self.topic_of(op, id), key.clone());
            }
        }
        self.catalog.insert(key, entry).is_some()
    }

    /// Removes a tournament from the catalog.
    pub fn forget(&mut self, key: &str) {
        if self.catalog.remove(key).is_some() {
            if let Some((op, id)) = key.split_once('/') {
                let topic = self.topic_of(op, id);
                self.by_topic.remove(&topic);
            }
        }
    }

    /// The input topic of a tournament.
    pub fn topic(&self, t: &Tournament) -> String {
        self.topic_of(&t.operator, &t.id)
    }

    fn topic_of(&self, operator: &str, id: &str) -> String {
        match Names::new(operator, id) {
            Ok(names) => self.settings.input_topic(&names),
            Err(_) => String::new(),
        }
    }

    /// Checks again, from what they were read from, the dormant tournaments whose
    /// pre-warm instant has come (each file once, however many of its tournaments
    /// are due); the keys of those that woke.
    pub fn wake(&mut self, now_ms: i64) -> Vec<String> {
        let due: Vec<(String, Arc<Origin>)> = self
            .catalog
            .iter()
            .filter(|(_, e)| e.due(now_ms))
            .filter_map(|(k, e)| Some((k.clone(), e.origin()?.clone())))
            .collect();
        let mut woke = Vec::new();
        let mut checked: HashMap<*const Origin, Vec<Tournament>> = HashMap::new();
        for (key, origin) in due {
            let ts = checked
                .entry(Arc::as_ptr(&origin))
                .or_insert_with(|| match origin.check() {
                    Ok(ts) => ts,
                    Err(text) => {
                        tracing::error!(file = origin.name(), diagnostics = %text, "a scheduled tournament no longer checks");
                        Vec::new()
                    }
                });
            match ts.iter().position(|t| super::catalog::key(t) == key) {
                Some(i) => {
                    let t = ts.swap_remove(i);
                    self.catalog.insert(key.clone(), Entry::Ready(Box::new(t)));
                    woke.push(key);
                }
                None => {
                    tracing::error!(tournament = %key, "a scheduled tournament is gone from what it was read from");
                }
            }
        }
        woke
    }

    /// Whether a tournament is past its pre-warm instant and not finalized. Before its
    /// pre-warm a tournament costs only its configuration.
    fn active(&self, key: &str, now_ms: i64) -> bool {
        !self.finished.contains(key) && self.catalog.get(key).is_some_and(|e| !e.scheduled(now_ms))
    }

    /// The topics to subscribe to, sorted: the inputs of the active tournaments.
    pub fn wanted(&self, now_ms: i64) -> Vec<String> {
        let topics: BTreeSet<String> = self
            .catalog
            .keys()
            .filter(|k| self.active(k, now_ms))
            .filter_map(|k| k.split_once('/'))
            .map(|(op, id)| self.topic_of(op, id))
            .collect();
        topics.into_iter().collect()
    }

    /// The tournaments reading `topic` that are active: the one tournament of an
    /// eligible topic, or every tournament on the shared input.
    fn readers(&self, topic: &str) -> Vec<String> {
        let now = crate::scorer::now_ms();
        if self.raw.is_none() {
            return self
                .by_topic
                .get(topic)
                .filter(|k| self.active(k, now))
                .cloned()
                .into_iter()
                .collect();
        }
        self.catalog
            .keys()
            .filter(|k| self.active(k, now))
            .cloned()
            .collect()
    }

    /// Marks the catalog's tournaments that have a final result stored (by any member).
    pub fn refresh_finished(&mut self) -> Result<(), WorkerError> {
        let open = self
            .catalog
            .keys()
            .filter(|k| !self.finished.contains(*k))
            .filter_map(|k| k.split_once('/'));
        let done = crate::store::finished(&self.io.db, open)?;
        self.finished.extend(done);
        Ok(())
    }

    /// The group assigned `topic`/`partition` here: take the tournaments reading it
    /// and tell where to start (the earliest position among them). `None` when no
    /// tournament could be taken: the partition is then read from its end and what
    /// arrives is passed over, until [`Held::adopt`] takes one.
    pub fn take(&mut self, topic: &str, partition: i32) -> Option<Offset> {
        if self.raw.is_some() {
            self.raw_parts.insert(partition);
        }
        let mut start: Option<Offset> = None;
        for key in self.readers(topic) {
            let Some(at) = self.take_one(&key, partition) else {
                continue;
            };
            start = Some(match (start, at) {
                (Some(Offset::Offset(a)), Offset::Offset(b)) => Offset::Offset(a.min(b)),
                (Some(Offset::Offset(_)) | None, b) => b,
                (Some(a), _) => a,
            });
        }
        start
    }

    /// Takes one tournament: its lease, its snapshot; where its state ends.
    fn take_one(&mut self, key: &str, partition: i32) -> Option<Offset> {
        if let Some(s) = self.scorers.get(key) {
            // Assigned again while held (an overlapping rebalance): keep the lease.
            return Some(
                s.offsets()
                    .start(partition)
                    .map_or(Offset::Beginning, Offset::Offset),
            );
        }
        let t = self.catalog.get(key)?.tournament()?.clone();
        // Another member may have finalized it since this one last looked.
        let k = (t.operator.as_str(), t.id.as_str());
        match crate::store::finished(&self.io.db, std::iter::once(k)) {
            Ok(done) if done.contains(key) => {
                self.finished.insert(key.to_string());
                return None;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(tournament = %key, error = %e, "cannot take the tournament");
                return None;
            }
        }
        match Scorer::open(t, &self.settings, &self.shared, &self.io, vec![partition]) {
            Ok(s) => {
                let start = s
                    .offsets()
                    .start(partition)
                    .map_or(Offset::Beginning, Offset::Offset);
                self.scorers.insert(key.to_string(), s);
                self.changed();
                Some(start)
            }
            Err(e) => {
                tracing::error!(tournament = %key, error = %e, "cannot take the tournament");
                None
            }
        }
    }

    /// The group moved `topic` elsewhere: every tournament reading it is snapshotted
    /// and its lease released.
    pub fn give_back_topic<C: ConsumerContext>(
        &mut self,
        topic: &str,
        partition: i32,
        c: &BaseConsumer<C>,
    ) {
        if self.raw.is_some() {
            self.raw_parts.remove(&partition);
        }
        let keys: Vec<String> = self
            .scorers
            .iter()
            .filter(|(_, s)| s.offsets().topic == topic)
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            self.give_back(&key, c);
        }
    }

    /// Snapshot, release the lease. A lease that another member already took (this
    /// one was presumed gone) is let go silently.
    pub fn give_back<C: ConsumerContext>(&mut self, key: &str, c: &BaseConsumer<C>) {
        let Some(mut s) = self.scorers.remove(key) else {
            return;
        };
        self.changed();
        if let Some(raw) = &self.raw {
            s.catch_up(raw.reached());
        }
        match s.hand_back(c, "handed back") {
            Ok(()) => {}
            Err(WorkerError::Store(StoreError::Fenced { current, .. })) => {
                tracing::warn!(tournament = %key, current, "another member holds the tournament already");
            }
            Err(e) => {
                tracing::error!(tournament = %key, error = %e, "cannot hand the tournament back cleanly; the next holder resumes from the last snapshot")
            }
        }
    }

    /// A tournament held here got other rules (`deploy --force`): its snapshot no
    /// longer applies, so it is taken again and rescored from the start of its input.
    pub fn rescore<C: ConsumerContext>(&mut self, key: &str, c: &BaseConsumer<C>) {
        let Some(s) = self.scorers.get(key) else {
            return;
        };
        let (topic, parts) = (s.offsets().topic.clone(), s.partitions().to_vec());
        self.give_back(key, c);
        for p in parts {
            self.resume(key, &topic, p, c);
        }
    }

    /// Takes the tournaments whose input is assigned here but that have no scorer yet
    /// (new in the catalog, or assigned before this member's catalog knew them).
    pub fn adopt<C: ConsumerContext>(&mut self, c: &BaseConsumer<C>) {
        let Ok(assigned) = c.assignment() else { return };
        for e in assigned.elements() {
            for key in self.readers(e.topic()) {
                if !self.scorers.contains_key(&key) {
                    self.resume(&key, e.topic(), e.partition(), c);
                }
            }
        }
    }

    /// Takes a tournament whose input is assigned already, and moves the consumer back
    /// to where its state ends (on a shared input the others pass over what they
    /// applied).
    fn resume<C: ConsumerContext>(
        &mut self,
        key: &str,
        topic: &str,
        partition: i32,
        c: &BaseConsumer<C>,
    ) {
        let Some(start) = self.take_one(key, partition) else {
            return;
        };
        if let Some(raw) = self.raw.as_mut() {
            raw.rewound(partition, start);
        }
        if let Err(e) = crate::kafka::rewind(c, topic, partition, start) {
            tracing::error!(topic, error = %e, "cannot move to the tournament's position");
            if let Some(s) = self.scorers.remove(key) {
                s.abandon();
            }
        }
    }

    /// Lets go of the tournaments whose lease another member took: the group gave
    /// them away while this member was presumed gone (a stalled process, a network
    /// partition, a broker whose rebalance overlapped). Asked every second, so such a
    /// member stops writing within a second of the new holder starting, not at its
    /// next snapshot.
    pub fn verify_leases(&mut self) -> Result<(), WorkerError> {
        let keys: Vec<(String, String)> = self
            .scorers
            .values()
            .map(|s| (s.tournament().operator.clone(), s.tournament().id.clone()))
            .collect();
        let current = crate::store::generations(&self.io.db, &keys)?;
        let lost: Vec<String> = self
            .scorers
            .iter()
            .filter(|(k, s)| current.get(*k).is_some_and(|g| *g > s.generation()))
            .map(|(k, _)| k.clone())
            .collect();
        for key in lost {
            if let Some(s) = self.scorers.remove(&key) {
                tracing::warn!(tournament = %key, generation = s.generation(), "another member took the lease; letting the tournament go");
                s.abandon();
                self.changed();
            }
        }
        Ok(())
    }

    /// Hands one record to its tournament's scorer (or, on a shared input, to the
    /// tournaments that could count it).
    pub fn record(&mut self, msg: &BorrowedMessage<'_>) -> Result<Option<Step>, WorkerError> {
        if self.raw.is_some() {
            return super::raw::record(self, msg);
        }
        let Some(key) = self.by_topic.get(msg.topic()).cloned() else {
            return Ok(None);
        };
        let Some(s) = self.scorers.get_mut(&key) else {
            return Ok(None);
        };
        match s.record(msg) {
            Ok(step) => {
                if step == Step::Applied {
                    self.dirty.insert(key);
                }
                Ok(Some(step))
            }
            Err(e) => self.lost(&key, e).map(|()| None),
        }
    }

    /// What an error of one tournament does: a lost lease drops that tournament only;
    /// anything else stops the member (a restart resumes from the snapshots).
    pub fn lost(&mut self, key: &str, e: WorkerError) -> Result<(), WorkerError> {
        if let WorkerError::Store(StoreError::Fenced { .. }) = &e {
            if let Some(s) = self.scorers.remove(key) {
                tracing::warn!(tournament = %key, error = %e, "lease lost; the tournament is left to its new holder");
                s.abandon();
                self.changed();
            }
            return Ok(());
        }
        Err(e)
    }

    /// The set of scorers changed: the shared input's index is rebuilt.
    fn changed(&mut self) {
        if let Some(raw) = self.raw.as_mut() {
            raw.stale();
        }
    }
}
