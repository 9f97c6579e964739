//! Code generation (placeholder; being written).
