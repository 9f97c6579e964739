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
//! (`.json` is JSON, anything else Markdown); [`parse_as`] is step 1 for either format.
//!
//! # Features
//!
//! - `json`: the JSON form (the `json` module, serde impls on the model). Without it a `.json`
//!   spec is an error that says so; the proc-macro leaves it off unless asked
//!   (`webhook-types/json-spec`), so a Markdown spec costs no host build of serde.
//! - `diff`: the `diff` module (comparing two specs).
//! - `pretty`: [`codegen::expand`], the generated code pretty-printed (prettyplease).
//! - `cli` (default): the `webhook-spec` binary; implies the three above.
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
#[cfg(feature = "json")]
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

/// Step 1 alone: reads the spec `text` in the given format into an unvalidated [`Spec`] and the
/// syntax problems found.
///
/// Without the `json` feature, a JSON spec reads as an empty spec and one error saying so.
pub fn parse_as(format: Format, text: &str) -> (Spec, Vec<Diagnostic>) {
    match format {
        Format::Markdown => markdown::parse(text),
        #[cfg(feature = "json")]
        Format::Json => json::parse(text),
        #[cfg(not(feature = "json"))]
        Format::Json => (Spec::default(), vec![json_disabled()]),
    }
}

/// The error for a JSON spec read by a build without the `json` feature.
#[cfg(not(feature = "json"))]
fn json_disabled() -> Diagnostic {
    Diagnostic::new(
        model::Pos::new(1, 1),
        "this is a JSON spec, and JSON specs need the `json` feature of webhook-spec",
    )
    .with_help(
        "enable `webhook-types/json-spec` (or `webhook-macros/json`), or generate from the \
         Markdown spec",
    )
}

/// Reads and validates the spec `text` in the given format.
pub fn read_as(format: Format, file: &str, text: &str) -> Result<Spec, Diagnostics> {
    let (spec, mut problems) = parse_as(format, text);
    #[cfg(not(feature = "json"))]
    if format == Format::Json {
        // Validating the empty stand-in would only add "the spec defines no types".
        return Err(Diagnostics::new(file, text, problems));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const PING: &str = "# Webhooks\n\n### Ping\n\n- `ping: object { id }`\n\n  - `id: string`\n";

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::from_path("spec/webhooks.md"), Format::Markdown);
        assert_eq!(Format::from_path("spec/WEBHOOKS.JSON"), Format::Json);
        assert_eq!(Format::from_path("spec/webhooks"), Format::Markdown);
    }

    #[test]
    fn markdown_reads_without_any_feature() {
        let spec = read("ping.md", PING).expect("a valid spec");
        assert_eq!(spec.types.len(), 1);
        assert_eq!(spec.types[0].name, "ping");
    }

    /// What `generate!` says about a `.json` spec when `webhook-types/json-spec` is off
    /// (`.ci/run` runs this configuration: `cargo test -p webhook-spec --no-default-features`).
    #[cfg(not(feature = "json"))]
    #[test]
    fn json_spec_without_the_feature_is_one_clear_error() {
        let err = read("spec/webhooks.json", r#"{"types": []}"#).expect_err("no JSON reader");
        assert_eq!(err.items.len(), 1, "{err}");
        let d = &err.items[0];
        assert_eq!(d.pos, Pos::new(1, 1));
        assert!(d.message.contains("the `json` feature"), "{}", d.message);
        assert!(
            d.help
                .as_deref()
                .unwrap_or("")
                .contains("webhook-types/json-spec")
        );
        assert!(
            err.to_string().contains("--> spec/webhooks.json:1:1"),
            "{err}"
        );
    }

    #[cfg(feature = "json")]
    #[test]
    fn json_spec_with_the_feature_reads() {
        let spec = read("ping.md", PING).expect("a valid spec");
        let text = serde_json::to_string(&spec).expect("serializes");
        let back = read("ping.json", &text).expect("reads back");
        // Positions differ (they are not part of the JSON form); everything else is the same.
        assert_eq!(serde_json::to_string(&back).expect("serializes"), text);
    }
}
