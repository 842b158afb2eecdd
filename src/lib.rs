pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod syntax;
