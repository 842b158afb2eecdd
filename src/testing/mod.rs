//! Running the inline tests of a tournament through the scoring engine.

mod junit;
mod runner;

pub use junit::junit_xml;
pub use runner::{run_tests, Failure, TestReport, TestResult};
