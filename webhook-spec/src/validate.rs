//! Validation (placeholder; being written).
use crate::{Diagnostic, Spec};

/// Validates a spec: returns the merged spec with derived facts, and every problem found.
pub fn validate(spec: Spec) -> (Spec, Vec<Diagnostic>) {
    (spec, Vec::new())
}
