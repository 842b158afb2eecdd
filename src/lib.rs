pub mod diagnostics;
pub mod ir;
pub mod syntax;
