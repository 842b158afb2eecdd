//! The player view's fan-out, per tournament: messages sent to player WebSockets, the
//! sockets open, and the wagers counted when the view last looked. Messages divided by
//! counted wagers is the fan-out ratio (one message per counted wager per socket is
//! what pushing every wager would cost).

use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One metric of the three: name, type, help, and its value in a [`Fanout`].
type Row = (&'static str, &'static str, &'static str, fn(&Fanout) -> u64);

#[derive(Debug, Clone, Copy, Default)]
struct Fanout {
    messages: u64,
    sockets: u64,
    counted: u64,
}

/// Fan-out counters by (operator, tournament).
#[derive(Default)]
pub struct PlayerFanout {
    by_tournament: Mutex<BTreeMap<(String, String), Fanout>>,
}

impl PlayerFanout {
    fn with(&self, operator: &str, tournament: &str, f: impl FnOnce(&mut Fanout)) {
        let mut map = self.by_tournament.lock();
        let key = (operator.to_string(), tournament.to_string());
        f(map.entry(key).or_default());
    }

    pub fn count_messages(&self, operator: &str, tournament: &str, n: u64, counted: u64) {
        self.with(operator, tournament, |f| {
            f.messages += n;
            f.counted = f.counted.max(counted);
        });
    }

    pub fn set_sockets(&self, operator: &str, tournament: &str, n: usize) {
        self.with(operator, tournament, |f| f.sockets = n as u64);
    }

    /// Messages sent to `tournament`'s player sockets so far.
    pub fn messages(&self, operator: &str, tournament: &str) -> u64 {
        let key = (operator.to_string(), tournament.to_string());
        self.by_tournament
            .lock()
            .get(&key)
            .map_or(0, |f| f.messages)
    }

    pub fn render(&self, out: &mut String, escape: impl Fn(&str) -> String) {
        let map = self.by_tournament.lock();
        let rows: [Row; 3] = [
            (
                "tourney_player_messages_total",
                "counter",
                "Messages sent to player WebSockets.",
                |f| f.messages,
            ),
            (
                "tourney_player_sockets",
                "gauge",
                "Player WebSockets open.",
                |f| f.sockets,
            ),
            (
                "tourney_player_wagers_counted",
                "gauge",
                "Wagers counted when the player view last looked (divide the messages by it for the fan-out ratio).",
                |f| f.counted,
            ),
        ];
        for (name, kind, help, value) in rows {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} {kind}");
            for ((op, id), f) in map.iter() {
                let _ = writeln!(
                    out,
                    "{name}{{operator=\"{}\",tournament=\"{}\"}} {}",
                    escape(op),
                    escape(id),
                    value(f)
                );
            }
        }
    }
}
