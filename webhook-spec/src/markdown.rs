//! The Markdown reader (placeholder; being written).
use crate::{Diagnostic, Spec};

/// Parses Markdown spec text into an unvalidated spec and syntax diagnostics.
pub fn parse(_text: &str) -> (Spec, Vec<Diagnostic>) {
    (Spec::default(), Vec::new())
}
