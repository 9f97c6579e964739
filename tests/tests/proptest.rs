//! Property tests: every event kind survives serialize → parse with arbitrary Unicode strings,
//! parsing arbitrary (or mutated) bytes never panics, and the Markdown spec reader never panics
//! on mutated valid specs and always points inside the file.
//!
//! The properties reuse the fuzz target bodies (`fuzz/src/targets.rs`), so a failure here and a
//! crash under `cargo fuzz` mean the same thing. Case counts are kept small so that
//! `cargo test --workspace` stays fast; `PROPTEST_CASES=10000` runs more.
#![allow(clippy::unwrap_used)]

#[path = "../../fuzz/src/targets.rs"]
#[allow(dead_code)]
mod targets;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use webhook_types::{BetaWebhookEvent, BetaWebhookEventKind};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Round trip of every kind
// ---------------------------------------------------------------------------------------------

/// Characters JSON and Rust strings find hard: quotes, backslashes, control characters, NUL,
/// line and paragraph separators, a BOM, non-characters, the last code point, astral ones.
const AWKWARD: &[char] = &[
    '"',
    '\\',
    '/',
    '\0',
    '\u{1}',
    '\u{8}',
    '\t',
    '\n',
    '\r',
    '\u{c}',
    '\u{1f}',
    '\u{7f}',
    '\u{80}',
    '\u{9f}',
    '\u{ad}',
    '\u{2028}',
    '\u{2029}',
    '\u{feff}',
    '\u{fffd}',
    '\u{fffe}',
    '\u{ffff}',
    '\u{10000}',
    '\u{1f600}',
    '\u{1d11e}',
    '\u{10ffff}',
    'é',
    'ß',
    '中',
];

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(AWKWARD),
        1 => (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        1 => (0x1_0000u32..=0x10_ffff).prop_filter_map("a code point", char::from_u32),
    ]
}

fn any_string() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..24).prop_map(String::from_iter)
}

/// An RFC 3339 timestamp anywhere in jiff's range, with or without a fraction and offset.
fn any_timestamp() -> impl Strategy<Value = String> {
    let min = jiff::Timestamp::MIN.as_second();
    let max = jiff::Timestamp::MAX.as_second() - 1;
    (min..max, 0i32..1_000_000_000, -1079i32..1080, any::<bool>()).prop_map(
        |(secs, nanos, offset_minutes, zulu)| {
            let ts = jiff::Timestamp::new(secs, nanos).unwrap();
            if zulu {
                ts.to_string()
            } else {
                let offset = jiff::tz::Offset::from_seconds(offset_minutes * 60).unwrap();
                ts.display_with_offset(offset).to_string()
            }
        },
    )
}

/// The `"type"` tags and the timestamp: the fields a free string may not replace.
fn is_fixed(path: &str) -> bool {
    matches!(path, "type" | "data.type" | "created_at")
}

/// The dotted paths of the string values of `value`.
fn string_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(prefix.to_owned()),
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                string_paths(v, &path, out);
            }
        }
        _ => {}
    }
}

fn set_path(value: &mut Value, path: &str, new: Value) {
    let mut slot = value;
    for key in path.split('.') {
        slot = slot.get_mut(key).unwrap();
    }
    *slot = new;
}

/// The fixture of each kind as JSON, with the paths of its free string fields.
fn fixtures() -> Vec<(BetaWebhookEventKind, Value, Vec<String>)> {
    BetaWebhookEventKind::ALL
        .iter()
        .map(|&kind| {
            let file = root().join(format!("tests/fixtures/events/{kind}.json"));
            let value: Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let mut paths = Vec::new();
            string_paths(&value, "", &mut paths);
            paths.retain(|p| !is_fixed(p));
            assert!(!paths.is_empty(), "{kind}: no free string field");
            (kind, value, paths)
        })
        .collect()
}

/// Parses `value`, checks the kind, serializes, parses again: equal events, and the serialized
/// JSON is the input JSON (every string kept exactly).
fn round_trip(kind: Option<BetaWebhookEventKind>, value: &Value) -> Result<(), TestCaseError> {
    let body = serde_json::to_vec(value).unwrap();
    let event = BetaWebhookEvent::parse(&body)
        .map_err(|e| TestCaseError::fail(format!("does not parse: {e}\n{value}")))?;
    prop_assert_eq!(event.data.kind(), kind);
    let bytes = serde_json::to_vec(&event).unwrap();
    let again = BetaWebhookEvent::parse(&bytes).unwrap();
    prop_assert_eq!(&again, &event);
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    if kind.is_some() {
        // The timestamp is re-written in jiff's canonical form; everything else is kept.
        let mut expected = value.clone();
        set_path(
            &mut expected,
            "created_at",
            Value::String(event.created_at.to_string()),
        );
        prop_assert_eq!(json, expected);
    } else {
        prop_assert_eq!(&json["data"], &value["data"]);
    }
    // The fuzz target's checks too (from_json_str, parse_strict, accessors).
    targets::event_parse(&body);
    Ok(())
}

#[test]
fn fixtures_round_trip_exactly() {
    for (kind, value, _) in fixtures() {
        round_trip(Some(kind), &value).unwrap();
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// For every kind: every free string replaced by an arbitrary one, and an arbitrary
    /// timestamp.
    #[test]
    fn every_kind_round_trips(
        strings in prop::collection::vec(any_string(), 8),
        created_at in any_timestamp(),
    ) {
        for (kind, mut value, paths) in fixtures() {
            for (path, s) in paths.iter().zip(strings.iter().cycle()) {
                set_path(&mut value, path, Value::String(s.clone()));
            }
            set_path(&mut value, "created_at", Value::String(created_at.clone()));
            round_trip(Some(kind), &value)?;
        }
    }

    /// A kind the spec does not define, with arbitrary strings: kept as `Unknown`, unchanged.
    #[test]
    fn unknown_kinds_round_trip(
        tag in any_string(),
        extra in prop::collection::btree_map(any_string(), any_string(), 0..4),
        strings in prop::collection::vec(any_string(), 4),
    ) {
        prop_assume!(tag.parse::<BetaWebhookEventKind>().is_err());
        let mut data = serde_json::Map::new();
        for (k, v) in extra {
            data.insert(k, Value::String(v));
        }
        data.insert("type".into(), Value::String(tag));
        for (key, s) in ["id", "organization_id", "workspace_id"].iter().zip(&strings) {
            data.insert((*key).into(), Value::String(s.clone()));
        }
        let value = serde_json::json!({
            "id": strings[3],
            "created_at": "2026-03-15T09:58:12Z",
            "data": data,
            "type": "event",
        });
        round_trip(None, &value)?;
    }

    /// Arbitrary bytes: never a panic (the fuzz target's checks apply when they parse).
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        targets::event_parse(&bytes);
    }

    /// Fixtures with bytes replaced, inserted or deleted: never a panic.
    #[test]
    fn mutated_events_never_panic(
        which in any::<Index>(),
        edits in prop::collection::vec((any::<Index>(), 0u8..3, any::<u8>()), 1..8),
    ) {
        let files = event_files();
        let mut bytes = std::fs::read(which.get(&files)).unwrap();
        for (at, op, byte) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        targets::event_parse(&bytes);
    }
}

fn event_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/events"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

// ---------------------------------------------------------------------------------------------
// The spec reader on mutated valid specs
// ---------------------------------------------------------------------------------------------

/// One edit of a spec file.
#[derive(Debug, Clone)]
enum Edit {
    DeleteBytes(Index, usize),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    Substitute(Index, char),
    Insert(Index, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop::sample::select(
        &[
            "`",
            "- ",
            "  - ",
            "### ",
            "\n",
            "object {",
            "}",
            " or ",
            "optional ",
            "array of ",
            "map[",
            "]",
            "\"",
            ":",
            ",",
            "1 more",
            "\r\n",
            "> ",
            "```\n",
            "    ",
        ][..],
    );
    prop_oneof![
        (any::<Index>(), 1usize..64).prop_map(|(i, n)| Edit::DeleteBytes(i, n)),
        any::<Index>().prop_map(Edit::DeleteLine),
        any::<Index>().prop_map(Edit::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<Index>(), any_char()).prop_map(|(i, c)| Edit::Substitute(i, c)),
        (any::<Index>(), snippet).prop_map(|(i, s)| Edit::Insert(i, s.to_owned())),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match edit {
        Edit::DeleteBytes(at, n) => {
            let i = at.index(bytes.len() + 1);
            bytes.drain(i..(i + n).min(bytes.len()));
        }
        Edit::Substitute(at, c) if !bytes.is_empty() => {
            let i = at.index(bytes.len());
            let mut buf = [0; 4];
            bytes.splice(i..i + 1, c.encode_utf8(&mut buf).bytes());
        }
        Edit::Insert(at, s) => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, s.bytes());
        }
        Edit::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at.index(lines.len()));
            return lines.concat();
        }
        Edit::DuplicateLine(at) if !lines.is_empty() => {
            let i = at.index(lines.len());
            lines.insert(i, lines[i]);
            return lines.concat();
        }
        Edit::SwapLines(a, b) if !lines.is_empty() => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            return lines.concat();
        }
        _ => {}
    }
    // Byte edits may split a character: read the result as the fuzz target does.
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(config(48))]

    /// Mutations of `spec/webhooks.md` and `tests/ui/specs/valid.md`: the reader and validation
    /// never panic, every diagnostic is inside the file, a valid result reads back from JSON.
    #[test]
    fn mutated_specs_point_inside_the_file(
        big in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let file = if big { "spec/webhooks.md" } else { "tests/ui/specs/valid.md" };
        let mut text = std::fs::read_to_string(root().join(file)).unwrap();
        for edit in &edits {
            text = apply(&text, edit);
        }
        // `targets::spec_markdown` reads, validates, checks every position and, for a valid
        // spec, the JSON round trip and code generation.
        targets::spec_markdown(text.as_bytes());
    }
}
