pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod engine;
pub mod ir;
pub mod syntax;
