//! The player page in a real Chromium (see player/browser.rs).

#[path = "player/browser.rs"]
mod page;
