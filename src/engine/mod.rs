//! Runtime data structures of the scoring engine.
pub mod rank_tree;
