//! The messages of the player WebSocket, server to client. Every message is one JSON
//! text frame with a `type` and an `id` (`<epoch>-<seq>`: resume from it).
//!
//! | type | when | fields |
//! |---|---|---|
//! | `snapshot` | first answer to `subscribe` | `phase`, `as_of`, `top`, `me` (with a token) |
//! | `resume` | answer to `subscribe` with a known `last` id | `phase`, `as_of`, `top` only if it changed since, `me` |
//! | `update` | what the client sees changed | `phase`, `as_of`, `top` and/or `me`, only what changed |
//! | `resync` | the client fell behind and updates were dropped | as `snapshot`, plus `missed` |
//! | `alive` | nothing was sent for a while | `phase`, `as_of` |
//! | `error` | the subscription was refused; the socket closes | `message` |

use super::view::Me;
use crate::serve::phase::Phase;
use serde::Serialize;
use serde_json::value::RawValue;

/// The kinds of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Snapshot,
    Resume,
    Update,
    Resync,
    Alive,
}

#[derive(Serialize)]
struct Out<'a> {
    #[serde(rename = "type")]
    kind: Kind,
    id: &'a str,
    phase: Phase,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    me: Option<&'a Me>,
    #[serde(skip_serializing_if = "Option::is_none")]
    missed: Option<u64>,
}

/// One message, ready to send.
pub struct Message<'a> {
    pub kind: Kind,
    pub id: &'a str,
    pub phase: Phase,
    pub as_of: Option<&'a str>,
    /// The top places as JSON (shared by every client showing as many).
    pub top: Option<&'a RawValue>,
    pub me: Option<&'a Me>,
    pub missed: Option<u64>,
}

impl Message<'_> {
    pub fn to_json(&self) -> String {
        let out = Out {
            kind: self.kind,
            id: self.id,
            phase: self.phase,
            as_of: self.as_of,
            top: self.top,
            me: self.me,
            missed: self.missed,
        };
        serde_json::to_string(&out).unwrap_or_else(|_| "{\"type\":\"alive\"}".to_string())
    }
}

/// `{"type":"error","message":...}`.
pub fn error(message: &str) -> String {
    serde_json::json!({"type": "error", "message": message}).to_string()
}

/// What a client sends first: `{"type":"subscribe","top":10,"token":"…","last":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscribe {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub top: Option<usize>,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub last: Option<String>,
}
