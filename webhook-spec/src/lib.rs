//! Reads the Anthropic webhook spec ("Webhooks → Domain Types", Markdown or JSON) into a
//! validated [model](model::Spec), and generates Rust from it.
//!
//! The pipeline is a chain of small steps, each usable and testable on its own:
//!
//! 1. **read**: [`markdown::parse`] or [`json::parse`] turn text into an unvalidated
//!    [`Spec`] plus syntax [diagnostics](Diagnostic);
//! 2. **validate**: [`validate::validate`] checks that the spec agrees with itself, merges
//!    repeated definitions and fills in derived facts (discriminated unions, identical shapes);
//! 3. **generate**: [`codegen::generate`] turns a valid spec into Rust tokens.
//!
//! [`read`] and [`read_file`] run steps 1 and 2 and pick the format from the file extension
//! (`.json` is JSON, anything else Markdown).
//!
//! # The JSON form
//!
//! The JSON form is the model serialized with serde; `webhook-spec json` prints it. A spec is
//! `{"title": …, "types": [TypeDef…]}`; a `TypeDef` is
//! `{"name": "beta_webhook_event", "section": "Beta Webhook Event", "description": …, "type": Type}`;
//! a `Type` is an object tagged by `kind`:
//!
//! ```json
//! {"kind": "string"}            {"kind": "number"}     {"kind": "integer"}   {"kind": "boolean"}
//! {"kind": "literal", "value": "event"}
//! {"kind": "optional", "of": Type}   {"kind": "array", "of": Type}   {"kind": "map", "of": Type}
//! {"kind": "ref", "name": "beta_webhook_event_data"}
//! {"kind": "object", "fields": [{"name": "id", "type": Type, "description": "…"}]}
//! {"kind": "union", "members": [Type…]}
//! ```
//!
//! Derived facts (`same_as`, `discriminator`) may be present and are recomputed on reading.
//! Markdown → JSON → model gives the same model as Markdown → model; only source positions
//! differ (JSON positions point at the `"name"` value of each definition and field).

pub mod codegen;
pub mod diag;
#[cfg(feature = "diff")]
pub mod diff;
pub mod handler;
pub mod json;
pub mod markdown;
pub mod model;
pub mod naming;
pub mod validate;

pub use diag::{Diagnostic, Diagnostics, ReadError};
pub use model::{Field, ObjectType, Pos, Spec, Type, TypeDef, UnionType};

/// The format of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The API reference's Markdown.
    Markdown,
    /// The model serialized as JSON.
    Json,
}

impl Format {
    /// `.json` files are JSON; everything else is Markdown.
    pub fn from_path(path: &str) -> Self {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Markdown
        }
    }
}

/// Reads and validates the spec `text`; `file` names it in diagnostics and picks the format.
pub fn read(file: &str, text: &str) -> Result<Spec, Diagnostics> {
    read_as(Format::from_path(file), file, text)
}

/// Reads and validates the spec `text` in the given format.
pub fn read_as(format: Format, file: &str, text: &str) -> Result<Spec, Diagnostics> {
    let (spec, mut problems) = match format {
        Format::Markdown => markdown::parse(text),
        Format::Json => json::parse(text),
    };
    let (spec, more) = validate::validate(spec);
    problems.extend(more);
    if problems.is_empty() {
        Ok(spec)
    } else {
        Err(Diagnostics::new(file, text, problems))
    }
}

/// Reads and validates the spec file at `path`; `display` is the name used in diagnostics
/// (usually the path as the user wrote it).
pub fn read_file(path: &std::path::Path, display: &str) -> Result<Spec, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|error| ReadError::Io {
        path: display.to_string(),
        error,
    })?;
    read(display, &text).map_err(ReadError::Invalid)
}
