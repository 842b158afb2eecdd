//! What feeds an activation or a dry-run: wagers generated in the tournament's window
//! (as `tourney run --generate` makes them), or NDJSON sent by the operator.

use crate::gen::{GenOptions, Generator};
use crate::ir::Tournament;
use serde::Deserialize;

/// Most wagers generated for one request.
pub const MAX_GENERATED: u64 = 5_000_000;

/// Generated traffic: how many wagers, how many players, which seed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenSpec {
    #[serde(default = "default_events")]
    pub events: u64,
    #[serde(default = "default_players")]
    pub players: u64,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// At most this many events per second (activation only; default: as fast as
    /// they come).
    #[serde(default)]
    pub rate: Option<f64>,
}

fn default_events() -> u64 {
    10_000
}

fn default_players() -> u64 {
    1_000
}

fn default_seed() -> u64 {
    1
}

impl GenSpec {
    /// The generator's options in `t`'s window, as `tourney run --generate` sets them.
    pub fn options(&self, t: &Tournament) -> Result<GenOptions, String> {
        if self.events > MAX_GENERATED {
            return Err(format!(
                "at most {MAX_GENERATED} events are generated per request, not {}",
                self.events
            ));
        }
        if self.rate.is_some_and(|r| !(r > 0.0 && r.is_finite())) {
            return Err("`rate` is a positive number of events per second".into());
        }
        let s = &t.schedule;
        let opts = GenOptions {
            seed: self.seed,
            events: self.events,
            players: self.players,
            operator: t.operator.clone(),
            start_ms: s.start_ms,
            duration_ms: s.end_ms - s.start_ms + i64::from(s.end_inclusive),
            ..GenOptions::default()
        };
        opts.validate().map_err(|e| e.to_string())?;
        Ok(opts)
    }

    /// The generated lines as one NDJSON text.
    pub fn ndjson(&self, t: &Tournament) -> Result<String, String> {
        let gen = Generator::new(&self.options(t)?).map_err(|e| e.to_string())?;
        let mut out = String::new();
        for line in gen {
            out.push_str(&line.text);
            out.push('\n');
        }
        Ok(out)
    }
}

/// The input of an activation: `{"generate": {...}}` or `{"ndjson": "..."}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Feed {
    Generate(GenSpec),
    Ndjson(String),
}

impl Default for Feed {
    fn default() -> Self {
        Feed::Generate(GenSpec {
            events: default_events(),
            players: default_players(),
            seed: default_seed(),
            rate: None,
        })
    }
}

/// The lines a feed yields.
pub enum Lines {
    Generated(Box<Generator>, u64),
    Text(Vec<String>),
}

impl Feed {
    /// The lines for `t`, or why there are none.
    pub fn lines(&self, t: &Tournament) -> Result<Lines, String> {
        match self {
            Feed::Generate(spec) => {
                let opts = spec.options(t)?;
                let gen = Generator::new(&opts).map_err(|e| e.to_string())?;
                Ok(Lines::Generated(Box::new(gen), spec.events))
            }
            Feed::Ndjson(text) => Ok(Lines::Text(text.lines().map(str::to_string).collect())),
        }
    }

    /// The pace asked for.
    pub fn rate(&self) -> Option<f64> {
        match self {
            Feed::Generate(spec) => spec.rate,
            Feed::Ndjson(_) => None,
        }
    }
}

impl Lines {
    /// About how many lines there are (the wagers asked for, or the lines sent).
    pub fn total(&self) -> u64 {
        match self {
            Lines::Generated(_, n) => *n,
            Lines::Text(v) => v.len() as u64,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Lines::Generated(_, n) => format!("{n} generated wagers"),
            Lines::Text(v) => format!("{} NDJSON lines", v.len()),
        }
    }
}

impl IntoIterator for Lines {
    type Item = String;
    type IntoIter = Box<dyn Iterator<Item = String> + Send>;

    fn into_iter(self) -> Self::IntoIter {
        match self {
            Lines::Generated(gen, _) => Box::new(gen.map(|l| l.text)),
            Lines::Text(v) => Box::new(v.into_iter()),
        }
    }
}
