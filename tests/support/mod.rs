//! Helpers shared by integration tests.

pub mod browser;
pub mod fake_ksqldb;
