pub mod diagnostics;
pub mod fmt;
pub mod ir;
pub mod syntax;
