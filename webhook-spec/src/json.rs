//! The JSON reader: the [model](crate::model) as serialized by serde (see the
//! [crate docs](crate#the-json-form)).
//!
//! Reading is two steps:
//!
//! 1. `serde_json` deserializes the text into a [`Spec`]. Syntax and shape errors (unknown
//!    fields, an unknown `kind`, a missing `name`, …) become one [`Diagnostic`] at the line and
//!    column `serde_json` reports; an unknown `kind` points at the offending value.
//! 2. Positions are not part of the JSON form (`#[serde(skip)]`), so they are recovered from the
//!    text: a small scanner records where every JSON value starts, and the model is walked
//!    alongside that tree. Each [`TypeDef`](crate::TypeDef) and [`Field`] gets the position of
//!    the opening quote of its `"name"` value. This follows the document's structure, so it is
//!    exact whatever the key order and never confuses a field with a `{"kind": "ref", "name": …}`
//!    of the same name. Positions that cannot be found stay `0:0`.
//!
//! [`parse`] never panics, whatever the input.

use crate::Diagnostic;
use crate::diag::{LineIndex, offset_to_pos};
use crate::model::{Field, Pos, Spec, Type};

/// Every `kind` a [`Type`] may have, for "did you mean" hints.
const KINDS: &[&str] = &[
    "string", "number", "integer", "boolean", "literal", "optional", "array", "map", "ref",
    "object", "union",
];

/// Parses JSON spec text into an unvalidated spec and syntax diagnostics.
///
/// On a syntax or shape error the spec is empty and there is exactly one diagnostic.
pub fn parse(text: &str) -> (Spec, Vec<Diagnostic>) {
    match serde_json::from_str::<Spec>(text) {
        Ok(spec) if spec.types.is_empty() => {
            let d = Diagnostic::new(Pos::new(1, 1), "no type definitions found").with_help(
                "`types` lists the spec's named types; see `webhook-spec json` for the shape",
            );
            (spec, vec![d])
        }
        Ok(mut spec) => {
            assign_positions(text, &mut spec);
            (spec, Vec::new())
        }
        Err(error) => (Spec::default(), vec![diagnostic(text, &error)]),
    }
}

/// Turns a `serde_json` error into a diagnostic at its position, with a clearer message for
/// the common shape errors.
fn diagnostic(text: &str, error: &serde_json::Error) -> Diagnostic {
    let offset = error_offset(text, error);
    let pos = offset.map_or(Pos::default(), |o| offset_to_pos(text, o));
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);

    if let Some(kind) = unknown_variant(message) {
        // Internally tagged enums report the error at the end of the object; point at the
        // `"kind": "…"` value instead when it can be found.
        let pos = offset
            .and_then(|end| find_kind_value(text, kind, end))
            .map_or(pos, |o| offset_to_pos(text, o));
        let mut d = Diagnostic::new(
            pos,
            format!(
                "unknown type kind `{kind}`; expected one of {}",
                KINDS
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        if let Some(best) = closest(kind, KINDS) {
            d = d.with_help(format!("did you mean `{best}`?"));
        }
        return d;
    }
    // serde_json reports an unknown field after its key; point at the key itself.
    let pos = match (unknown_field(message), offset) {
        (Some(field), Some(end)) => serde_json::to_string(field)
            .ok()
            .and_then(|quoted| text.get(..end + 1)?.rfind(&quoted))
            .map_or(pos, |o| offset_to_pos(text, o)),
        _ => pos,
    };
    let message = if error.is_syntax() || error.is_eof() {
        format!("invalid JSON: {message}")
    } else {
        format!("not a webhook spec: {message}")
    };
    Diagnostic::new(pos, message)
}

/// The byte offset `serde_json` points at. Its column counts the bytes read on the error's
/// line, so it is the 1-based column of the offending character, or, at the end of the input,
/// of the last character (then the offset is just after it).
fn error_offset(text: &str, error: &serde_json::Error) -> Option<usize> {
    let line = error.line();
    if line == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let consumed = error.column();
    Some(
        line_start
            + if error.is_eof() {
                consumed
            } else {
                consumed.saturating_sub(1)
            },
    )
}

/// The variant in serde's "unknown variant `x`, expected …" message.
fn unknown_variant(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown variant `")?;
    let end = rest.find("`, expected")?;
    Some(&rest[..end])
}

/// The field in serde's "unknown field `x`, expected …" message.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    Some(&rest[..end])
}

/// The closest of `candidates` to `word`, if it is close enough to be a plausible typo.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// The offset of the last `"kind": "<kind>"` value that starts before `before`.
fn find_kind_value(text: &str, kind: &str, before: usize) -> Option<usize> {
    let quoted = serde_json::to_string(kind).ok()?;
    let mut found = None;
    for (key, _) in text.match_indices("\"kind\"") {
        if key >= before {
            break;
        }
        let mut i = skip_ws(text, key + "\"kind\"".len());
        if text.as_bytes().get(i) != Some(&b':') {
            continue;
        }
        i = skip_ws(text, i + 1);
        if text.get(i..).is_some_and(|rest| rest.starts_with(&quoted)) && i < before {
            found = Some(i);
        }
    }
    found
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    while matches!(text.as_bytes().get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------------------------
// Positions

/// Fills in the positions of every definition and field from the JSON text.
fn assign_positions(text: &str, spec: &mut Spec) {
    let Some(root) = Scanner::new(text).document() else {
        return;
    };
    let Some(types) = root.get("types").and_then(Node::items) else {
        return;
    };
    let text = &LineIndex::new(text);
    for (def, node) in spec.types.iter_mut().zip(types) {
        if let Some(offset) = name_offset(node, &def.name) {
            def.pos = text.pos(offset);
        }
        if let Some(ty) = node.get("type") {
            type_positions(text, &mut def.ty, ty);
        }
    }
}

fn type_positions(text: &LineIndex<'_>, ty: &mut Type, node: &Node) {
    match ty {
        Type::Object(object) => {
            let Some(fields) = node.get("fields").and_then(Node::items) else {
                return;
            };
            for (field, node) in object.fields.iter_mut().zip(fields) {
                field_positions(text, field, node);
            }
        }
        Type::Union(union) => {
            let Some(members) = node.get("members").and_then(Node::items) else {
                return;
            };
            for (member, node) in union.members.iter_mut().zip(members) {
                type_positions(text, member, node);
            }
        }
        Type::Optional { of } | Type::Array { of } | Type::Map { of } => {
            if let Some(node) = node.get("of") {
                type_positions(text, of, node);
            }
        }
        Type::String
        | Type::Number
        | Type::Integer
        | Type::Boolean
        | Type::Literal { .. }
        | Type::Ref { .. } => {}
    }
}

fn field_positions(text: &LineIndex<'_>, field: &mut Field, node: &Node) {
    if let Some(offset) = name_offset(node, &field.name) {
        field.pos = text.pos(offset);
    }
    if let Some(ty) = node.get("type") {
        type_positions(text, &mut field.ty, ty);
    }
}

/// Where the `"name"` value of the object `node` starts, if it is the string `name`.
fn name_offset(node: &Node, name: &str) -> Option<usize> {
    let value = node.get("name")?;
    match &value.value {
        Value::Str(s) if s == name => Some(value.offset),
        _ => None,
    }
}

/// A JSON value and the byte offset where it starts.
#[derive(Debug)]
struct Node {
    offset: usize,
    value: Value,
}

#[derive(Debug)]
enum Value {
    /// Members in document order (duplicates kept; lookups take the last, like serde_json).
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    /// The unescaped string.
    Str(String),
    /// A number, `true`, `false` or `null`.
    Other,
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// A minimal JSON scanner that records where values start. It only runs on text `serde_json`
/// accepted, but it is written for any input: it gives up (`None`) instead of panicking.
struct Scanner<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Scanner<'a> {
    /// Deeper than `serde_json` accepts (128), so valid specs are always scanned whole.
    const MAX_DEPTH: usize = 256;

    fn new(text: &'a str) -> Self {
        Scanner { text, i: 0 }
    }

    fn document(mut self) -> Option<Node> {
        self.value(0)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        self.i = skip_ws(self.text, self.i);
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.ws();
        (self.peek()? == byte).then(|| self.i += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > Self::MAX_DEPTH {
            return None;
        }
        self.ws();
        let offset = self.i;
        let value = match self.peek()? {
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let key = self.string()?;
                        self.eat(b':')?;
                        members.push((key, self.value(depth + 1)?));
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b'}' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                Value::Object(members)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b']' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                Value::Array(items)
            }
            b'"' => Value::Str(self.string()?),
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
                if self.i == offset {
                    return None;
                }
                Value::Other
            }
        };
        Some(Node { offset, value })
    }

    /// A string token at the cursor, unescaped.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        if self.peek()? != b'"' {
            return None;
        }
        self.i += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    break;
                }
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
        // `start` and `self.i` sit next to an ASCII quote, so they are char boundaries; `get`
        // keeps this panic-free regardless.
        serde_json::from_str(self.text.get(start..self.i)?).ok()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::{ObjectType, TypeDef};

    #[test]
    fn a_spec_without_types_is_an_error() {
        let (_, problems) = super::parse(r#"{"types": []}"#);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "no type definitions found");
        assert_eq!(problems[0].pos, crate::Pos::new(1, 1));
    }

    fn sample() -> Spec {
        let data = TypeDef::new(
            "demo_created_event_data",
            Type::Object(ObjectType {
                fields: vec![
                    Field::new("id", Type::String, Pos::default()),
                    Field::new(
                        "type",
                        Type::Literal {
                            value: "demo.created".into(),
                        },
                        Pos::default(),
                    ),
                    Field::new(
                        "tags",
                        Type::Optional {
                            of: Box::new(Type::Array {
                                of: Box::new(Type::String),
                            }),
                        },
                        Pos::default(),
                    ),
                ],
            }),
            Pos::default(),
        );
        let mut event = TypeDef::new(
            "demo_event",
            Type::Object(ObjectType {
                fields: vec![
                    Field::new("id", Type::String, Pos::default()),
                    Field::new(
                        "data",
                        Type::reference("demo_created_event_data"),
                        Pos::default(),
                    ),
                    Field::new(
                        "meta",
                        Type::Map {
                            of: Box::new(Type::Object(ObjectType {
                                fields: vec![Field::new("weight", Type::Number, Pos::default())],
                            })),
                        },
                        Pos::default(),
                    ),
                ],
            }),
            Pos::default(),
        );
        event.section = Some("Demo Event".into());
        event.description = Some("An \"event\" — with unicode.".into());
        Spec {
            title: Some("Webhooks".into()),
            types: vec![event, data],
        }
    }

    fn positions(spec: &Spec) -> Vec<(String, Pos)> {
        fn walk(ty: &Type, out: &mut Vec<(String, Pos)>) {
            match ty {
                Type::Object(o) => {
                    for f in &o.fields {
                        out.push((f.name.clone(), f.pos));
                        walk(&f.ty, out);
                    }
                }
                Type::Union(u) => u.members.iter().for_each(|m| walk(m, out)),
                Type::Optional { of } | Type::Array { of } | Type::Map { of } => walk(of, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for def in &spec.types {
            out.push((def.name.clone(), def.pos));
            walk(&def.ty, &mut out);
        }
        out
    }

    fn clear_positions(spec: &mut Spec) {
        fn walk(ty: &mut Type) {
            match ty {
                Type::Object(o) => {
                    for f in &mut o.fields {
                        f.pos = Pos::default();
                        walk(&mut f.ty);
                    }
                }
                Type::Union(u) => u.members.iter_mut().for_each(walk),
                Type::Optional { of } | Type::Array { of } | Type::Map { of } => walk(of),
                _ => {}
            }
        }
        for def in &mut spec.types {
            def.pos = Pos::default();
            walk(&mut def.ty);
        }
    }

    #[test]
    fn round_trips() {
        let spec = sample();
        for text in [
            serde_json::to_string(&spec).unwrap(),
            serde_json::to_string_pretty(&spec).unwrap(),
        ] {
            let (mut back, problems) = parse(&text);
            assert!(problems.is_empty(), "{problems:?}");
            clear_positions(&mut back);
            assert_eq!(back, spec);
        }
    }

    #[test]
    fn finds_positions_in_document_order() {
        let text = serde_json::to_string_pretty(&sample()).unwrap();
        let (spec, problems) = parse(&text);
        assert!(problems.is_empty(), "{problems:?}");
        let found = positions(&spec);
        assert_eq!(found.len(), 9);
        for (name, pos) in &found {
            assert!(pos.is_known(), "no position for `{name}`");
            let line = text.lines().nth(pos.line as usize - 1).unwrap();
            let at: String = line.chars().skip(pos.column as usize - 1).collect();
            assert!(
                at.starts_with(&format!("\"{name}\"")),
                "`{name}` at {pos}: {line}"
            );
        }
        let mut sorted = found.clone();
        sorted.sort_by_key(|(_, pos)| *pos);
        assert_eq!(sorted, found, "positions follow document order");
        assert_eq!(found[0], ("demo_event".to_string(), Pos::new(5, 15)));
    }

    #[test]
    fn positions_follow_structure_not_text() {
        // Key order differs from serialization order, and a `ref` named like a later field comes
        // first: positions still land on the definitions' and fields' own `"name"` values.
        let text = r#"{"types": [
  {"type": {"kind": "object", "fields": [
     {"type": {"kind": "ref", "name": "b"}, "name": "a"},
     {"name": "b", "type": {"kind": "string"}}]},
   "name": "é_thing"}
]}"#;
        let (spec, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            positions(&spec),
            vec![
                ("é_thing".to_string(), Pos::new(5, 12)),
                ("a".to_string(), Pos::new(3, 53)),
                ("b".to_string(), Pos::new(4, 15)),
            ]
        );
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let text = "{\n  \"types\": [\n    {\"name\" \"x\"}\n  ]\n}\n";
        let (spec, problems) = parse(text);
        assert_eq!(spec, Spec::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pos, Pos::new(3, 13));
        assert_eq!(problems[0].message, "invalid JSON: expected `:`");

        // Columns count characters, not bytes.
        let text = "{\"title\": \"é\" , }";
        let (_, problems) = parse(text);
        assert_eq!(problems[0].pos, Pos::new(1, 17));
        assert!(
            problems[0].message.starts_with("invalid JSON:"),
            "{}",
            problems[0].message
        );

        let (_, problems) = parse("{\"types\": [");
        assert!(
            problems[0].message.contains("EOF"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].pos, Pos::new(1, 12));
    }

    #[test]
    fn unknown_kind_is_explained() {
        let text = r#"{"types": [
  {"name": "x",
   "type": {"kind": "strng"}}
]}"#;
        let (_, problems) = parse(text);
        assert_eq!(problems.len(), 1);
        let d = &problems[0];
        assert!(
            d.message
                .starts_with("unknown type kind `strng`; expected one of `string`"),
            "{}",
            d.message
        );
        assert_eq!(d.pos, Pos::new(3, 21));
        assert_eq!(d.help.as_deref(), Some("did you mean `string`?"));
    }

    #[test]
    fn shape_errors_are_reported() {
        let (_, problems) =
            parse(r#"{"types": [{"name": "x", "type": {"kind": "string"}, "nme": 1}]}"#);
        assert!(
            problems[0]
                .message
                .starts_with("not a webhook spec: unknown field `nme`"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].pos, Pos::new(1, 54));
        let (_, problems) = parse(r#"{"types": [{"type": {"kind": "string"}}]}"#);
        assert!(
            problems[0].message.contains("missing field `name`"),
            "{}",
            problems[0].message
        );
        assert!(problems[0].pos.is_known());
        let (_, problems) = parse(r#"{"types": [{"name": "x", "type": {"kind": "literal"}}]}"#);
        assert!(
            problems[0].message.contains("missing field `value`"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn never_panics() {
        let deep_array = "[".repeat(100_000);
        let deep_type = format!(
            "{{\"types\": [{{\"name\": \"x\", \"type\": {}{{\"kind\": \"string\"}}{}}}]}}",
            "{\"kind\": \"optional\", \"of\": ".repeat(200),
            "}".repeat(200)
        );
        let inputs = [
            "",
            " ",
            "\u{feff}{}",
            "{}",
            "null",
            "{\"types\": null}",
            "{\"types\": [{\"name\": \"\\ud800\"}]}",
            "\"\\",
            "{\"types\": [], \"title\": \"é\\",
            "\n\n\né",
            &deep_array,
            &deep_type,
        ];
        for input in inputs {
            let _ = parse(input);
            for cut in 0..input.len().min(200) {
                if let Some(prefix) = input.get(..cut) {
                    let _ = parse(prefix);
                }
            }
        }
        // The scanner on its own, on text serde_json would reject.
        for input in ["{\"a\" 1}", "[1,", "\"\\é", "{\"a\":}", &deep_array] {
            let _ = Scanner::new(input).document();
        }
    }
}
