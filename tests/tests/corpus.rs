//! Replays the fuzz corpora (`fuzz/corpus/<target>/`) and the saved crashes
//! (`fuzz/regressions/<target>/`) through the fuzz target bodies, on stable, in every
//! `cargo test --workspace`: an input that once crashed (or that covers a path the fuzzer
//! found) keeps being checked without libFuzzer.
#![allow(clippy::unwrap_used)]

#[path = "../../fuzz/src/targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `dir`, sorted; none if it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every corpus and regression input of `target`; reports every failing file.
fn replay(target: &str) {
    let run = targets::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, run)| *run)
        .unwrap();
    let corpus = files(&fuzz_dir().join("corpus").join(target));
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target}/ is empty: run fuzz/seed.sh"
    );
    let regressions = files(&fuzz_dir().join("regressions").join(target));
    let mut failures = Vec::new();
    for file in corpus.iter().chain(&regressions) {
        let data = match std::fs::read(file) {
            Ok(data) => data,
            // Removed meanwhile by a running `cargo fuzz` (it replaces inputs by smaller ones).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("{}: {e}", file.display()),
        };
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| run(&data))) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs failed:\n{}",
        failures.len(),
        corpus.len() + regressions.len(),
        failures.join("\n")
    );
}

#[test]
fn spec_markdown() {
    replay("spec_markdown");
}

#[test]
fn spec_json() {
    replay("spec_json");
}

#[test]
fn event_parse() {
    replay("event_parse");
}

#[test]
fn verify() {
    replay("verify");
}

#[test]
fn spec_diff() {
    replay("spec_diff");
}

/// Every target has a test above, a corpus and a libFuzzer binary.
#[test]
fn every_target_is_replayed() {
    let source = include_str!("corpus.rs");
    for (name, _) in targets::TARGETS {
        assert!(source.contains(&format!("replay(\"{name}\")")), "{name}");
        assert!(
            fuzz_dir().join(format!("fuzz_targets/{name}.rs")).is_file(),
            "{name}"
        );
    }
}
