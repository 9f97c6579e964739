//! The bodies of the fuzz targets, shared with the corpus replay test of the root workspace
//! (`tests/tests/corpus.rs` includes `targets.rs` by path).

pub mod targets;
