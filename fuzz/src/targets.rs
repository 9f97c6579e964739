//! The fuzz target bodies: each function takes one raw input and panics when a property fails.
//!
//! Shared by the libFuzzer binaries (`fuzz/fuzz_targets/*.rs`) and by the corpus replay test of
//! the root workspace (`tests/tests/corpus.rs` includes this file with `#[path]`), so it only
//! uses crates both have: `webhook-spec`, `webhook-types` and `serde_json`.

use std::time::Duration;

use webhook_spec::{Diagnostics, Pos};
use webhook_types::{BetaWebhookEvent, BetaWebhookEventData, HeaderSource, ParseError, Webhook};

/// A target body: one raw input; panics when a property fails.
pub type Target = fn(&[u8]);

/// Every target, by name, as `fuzz/corpus/<name>/` and `fuzz/fuzz_targets/<name>.rs` call it.
pub const TARGETS: &[(&str, Target)] = &[
    ("spec_markdown", spec_markdown),
    ("spec_json", spec_json),
    ("event_parse", event_parse),
    ("verify", verify),
    ("spec_diff", spec_diff),
];

// ---------------------------------------------------------------------------------------------
// Spec readers
// ---------------------------------------------------------------------------------------------

/// The Markdown reader and validation on (lossy UTF-8) text.
pub fn spec_markdown(data: &[u8]) {
    read_spec("fuzz.md", &String::from_utf8_lossy(data));
}

/// The JSON reader and validation on (lossy UTF-8) text.
pub fn spec_json(data: &[u8]) {
    read_spec("fuzz.json", &String::from_utf8_lossy(data));
}

/// Reads `text` as the spec file `file`. An invalid spec: every diagnostic points inside the
/// text and renders. A valid one: its JSON form reads back to the same model, and code
/// generation does not panic.
fn read_spec(file: &str, text: &str) {
    match webhook_spec::read(file, text) {
        Err(diagnostics) => {
            assert!(
                !diagnostics.items.is_empty(),
                "an error without diagnostics"
            );
            check_positions(text, &diagnostics);
            for d in &diagnostics.items {
                let _ = diagnostics.render(d);
            }
        }
        Ok(spec) => {
            let json = serde_json::to_string(&spec).expect("a spec serializes");
            match webhook_spec::read("roundtrip.json", &json) {
                Ok(again) => {
                    let again = serde_json::to_string(&again).expect("a spec serializes");
                    assert_eq!(
                        json, again,
                        "JSON form does not read back to the same model"
                    );
                }
                Err(d) => panic!(
                    "the JSON form of a valid spec does not read back:\n{}\n{json}",
                    d.items
                        .iter()
                        .map(|i| d.render(i))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            }
            let _ = webhook_spec::codegen::generate(&spec, &Default::default());
        }
    }
}

/// Panics unless `pos` lies inside the text whose lines are `lines`: line ≤ number of lines + 1
/// and column ≤ that line's length in characters + 1; `0:0` means "unknown".
fn check_position(lines: &[&str], pos: Pos, what: &str) {
    if pos == Pos::default() {
        return;
    }
    let line = pos.line as usize;
    let chars = lines
        .get(line.wrapping_sub(1))
        .map_or(0, |l| l.chars().count());
    assert!(
        line >= 1 && line <= lines.len() + 1 && pos.column >= 1 && pos.column as usize <= chars + 1,
        "{what} position {pos} outside the input ({} lines, line {line} has {chars} chars)",
        lines.len(),
    );
}

/// Every diagnostic position (and related position) lies inside `text` (see
/// [`check_position`]).
pub fn check_positions(text: &str, diagnostics: &Diagnostics) {
    let lines: Vec<&str> = text.split('\n').collect();
    let check = |pos: Pos, what: &str| check_position(&lines, pos, what);
    for d in &diagnostics.items {
        check(d.pos, &format!("diagnostic `{}`", d.message));
        if let Some((pos, label)) = &d.related {
            check(*pos, &format!("related note `{label}` of `{}`", d.message));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Spec diff
// ---------------------------------------------------------------------------------------------

/// The spec, the seed the `spec_diff` target compares fuzzed specs with.
const SEED_SPEC: &str = include_str!("../../spec/webhooks.md");

/// Two specs through `webhook_spec::diff::diff`. Byte 0 picks the pair: `0` the seed spec
/// (`spec/webhooks.md`) → the rest, `1` the rest → the seed, anything else the rest split at
/// its first NUL (old, new). Both are read as Markdown; pairs where one is invalid stop there.
///
/// Checks: no panic; the report renders; every change's position lies inside the spec it
/// points into; a spec compared with itself has no change; the diff is empty one way exactly
/// when it is empty the other way.
pub fn spec_diff(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let rest = String::from_utf8_lossy(rest);
    let (old_text, new_text) = match mode {
        0 => (SEED_SPEC, &*rest),
        1 => (&*rest, SEED_SPEC),
        _ => rest.split_once('\0').unwrap_or((&*rest, "")),
    };
    let (Ok(old), Ok(new)) = (
        webhook_spec::read("old.md", old_text),
        webhook_spec::read("new.md", new_text),
    ) else {
        return;
    };
    let report = webhook_spec::diff::diff(&old, &new);
    let _ = report.render("old.md", "new.md");
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) = (
        old_text.split('\n').collect(),
        new_text.split('\n').collect(),
    );
    for change in &report.changes {
        let lines = match change.side {
            webhook_spec::diff::Side::Old => &old_lines,
            webhook_spec::diff::Side::New => &new_lines,
        };
        check_position(lines, change.pos, &format!("change `{}`", change.summary));
    }
    for spec in [&old, &new] {
        let same = webhook_spec::diff::diff(spec, spec);
        assert!(same.is_empty(), "a spec differs from itself: {same:?}");
    }
    let back = webhook_spec::diff::diff(&new, &old);
    assert_eq!(
        report.is_empty(),
        back.is_empty(),
        "old → new: {report:?}\nnew → old: {back:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Event parsing
// ---------------------------------------------------------------------------------------------

/// Arbitrary bytes through `BetaWebhookEvent::parse`. An event that parses serializes, parses
/// back to an equal value and serializes to the same bytes; `from_json_str` and `parse_strict`
/// agree with `parse`; the accessors do not panic.
pub fn event_parse(data: &[u8]) {
    let parsed = BetaWebhookEvent::parse(data);
    if let Ok(text) = std::str::from_utf8(data) {
        match (&parsed, BetaWebhookEvent::from_json_str(text)) {
            (Ok(a), Ok(b)) => assert_eq!(*a, b, "from_json_str disagrees with parse"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("parse gave {a:?}, from_json_str gave {b:?}"),
        }
    } else {
        assert!(matches!(parsed, Err(ParseError::InvalidUtf8 { .. })));
    }
    let event = match parsed {
        Ok(event) => event,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };

    let bytes = serde_json::to_vec(&event).expect("an event serializes");
    let again = BetaWebhookEvent::parse(&bytes).unwrap_or_else(|e| {
        panic!(
            "the serialized event does not parse: {e}\n{}",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(event, again, "serialize → parse changed the event");
    let bytes_again = serde_json::to_vec(&again).expect("an event serializes");
    assert_eq!(bytes, bytes_again, "serialization is not stable");

    match BetaWebhookEvent::parse_strict(data) {
        Ok(strict) => {
            assert!(!event.data.is_unknown());
            assert_eq!(strict, event);
        }
        Err(ParseError::UnknownKind { tag }) => {
            assert!(event.data.is_unknown());
            assert_eq!(tag, event.data.type_str());
        }
        Err(e) => panic!("parse_strict failed where parse succeeded: {e}"),
    }

    let data = &event.data;
    assert_eq!(data.kind().is_none(), data.is_unknown());
    if let Some(kind) = data.kind() {
        assert_eq!(kind.as_str(), data.type_str());
        assert_eq!(kind.as_str().parse().ok(), Some(kind));
    }
    if let BetaWebhookEventData::Unknown(unknown) = data {
        assert_eq!(unknown.tag(), data.type_str());
        assert_eq!(unknown.get_str("type"), Some(unknown.tag()));
    }
    let _ = (data.id(), data.organization_id(), data.workspace_id());
    let _ = (data.session_thread_id(), data.vault_id());
}

// ---------------------------------------------------------------------------------------------
// Signature verification
// ---------------------------------------------------------------------------------------------

/// Arbitrary headers and body through `Webhook::verify_at`.
///
/// Input layout: byte 0 sets `now` (as `i8`, times 5 seconds, from the timestamp), byte 1 the
/// tolerance; the rest splits at NUL bytes into secret, `webhook-id`, `webhook-timestamp`,
/// `webhook-signature`, extra header lines (`name:value`, placed first so they can shadow the
/// others) and the body (the rest, NULs included). A missing part is an absent header.
///
/// Checks: no panic; the outcome is `Ok` exactly when the headers are present, the signature
/// header is not too long, the timestamp is within the tolerance and an entry equals
/// `sign(id, timestamp, body)`; a signature made by `sign` over the fuzzed body verifies
/// (alone and among other entries) and does not verify another body; `unwrap_at` agrees.
pub fn verify(data: &[u8]) {
    let [control, tolerance_mode, rest @ ..] = data else {
        return;
    };
    let offset = i64::from(*control as i8) * 5;
    let tolerance = match tolerance_mode % 4 {
        0 => Webhook::DEFAULT_TOLERANCE,
        1 => Duration::ZERO,
        2 => Duration::from_secs(u64::MAX),
        _ => Duration::from_secs(u64::from(*tolerance_mode)),
    };
    let mut parts = rest.splitn(6, |&b| b == 0);
    let secret = parts.next().unwrap_or_default();
    let mut text = || {
        parts
            .next()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    };
    let (id, timestamp, signature, extra) = (text(), text(), text(), text());
    let body = parts.next().unwrap_or_default();

    let webhook = Webhook::new(&String::from_utf8_lossy(secret))
        .or_else(|e| {
            let _ = e.to_string();
            Webhook::from_bytes(secret)
        })
        .or_else(|_| Webhook::from_bytes(b"fuzz"))
        .expect("a non-empty key is accepted")
        .with_tolerance(tolerance);

    let mut headers: Vec<(String, String)> = Vec::new();
    for line in extra.as_deref().unwrap_or_default().split('\n') {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        headers.push((name.to_owned(), value.to_owned()));
    }
    for (name, value) in [
        (Webhook::ID_HEADER, &id),
        (Webhook::TIMESTAMP_HEADER, &timestamp),
        (Webhook::SIGNATURE_HEADER, &signature),
    ] {
        if let Some(value) = value {
            headers.push((name.to_owned(), value.clone()));
        }
    }
    let base = timestamp
        .as_deref()
        .and_then(|t| t.trim_ascii().parse::<i64>().ok())
        .unwrap_or(1_614_265_330);
    let now = base.saturating_add(offset);

    // The fuzzed delivery.
    let result = webhook.verify_at(body, headers.as_slice(), now);
    if let Err(e) = &result {
        let _ = e.to_string();
    }
    let expected = expected_ok(&webhook, body, headers.as_slice(), now);
    assert_eq!(result.is_ok(), expected, "verify_at gave {result:?}");
    let unwrapped = webhook.unwrap_at(body, headers.as_slice(), now);
    assert_eq!(
        unwrapped.is_ok(),
        result.is_ok() && BetaWebhookEvent::parse(body).is_ok()
    );

    // A genuine signature over the fuzzed body.
    let id = id
        .as_deref()
        .filter(|id| !id.trim_ascii().is_empty())
        .unwrap_or("msg_fuzz");
    let sig = webhook.sign(id, base, body);
    let base_text = base.to_string();
    let signed = [
        (Webhook::ID_HEADER, id),
        (Webhook::TIMESTAMP_HEADER, base_text.as_str()),
        (Webhook::SIGNATURE_HEADER, sig.as_str()),
    ];
    if let Err(e) = webhook.verify_at(body, signed, base) {
        panic!("a signature made by `sign` does not verify: {e}");
    }
    let within = i128::from(now).abs_diff(i128::from(base)) <= u128::from(tolerance.as_secs());
    assert_eq!(webhook.verify_at(body, signed, now).is_ok(), within);
    if let Some(other) = &signature {
        let rotated = format!("{other} {sig} {other}");
        let with_others = [signed[0], signed[1], (Webhook::SIGNATURE_HEADER, &rotated)];
        let ok = webhook.verify_at(body, with_others, base).is_ok();
        assert_eq!(ok, rotated.len() <= Webhook::MAX_SIGNATURE_HEADER_LEN);
    }
    let mut tampered = body.to_vec();
    tampered.push(b' ');
    assert!(
        webhook.verify_at(&tampered, signed, base).is_err(),
        "a signature verified another body"
    );
}

/// What `verify_at` should say, computed independently: `true` when the delivery must be
/// accepted.
fn expected_ok(webhook: &Webhook, body: &[u8], headers: &[(String, String)], now: i64) -> bool {
    let present = |name| headers.header(name).filter(|v| !v.trim_ascii().is_empty());
    let (Some(id), Some(timestamp), Some(signatures)) = (
        present(Webhook::ID_HEADER),
        present(Webhook::TIMESTAMP_HEADER),
        present(Webhook::SIGNATURE_HEADER),
    ) else {
        return false;
    };
    if signatures.len() > Webhook::MAX_SIGNATURE_HEADER_LEN {
        return false;
    }
    let Ok(timestamp) = timestamp.trim_ascii().parse::<i64>() else {
        return false;
    };
    if i128::from(now).abs_diff(i128::from(timestamp)) > u128::from(webhook.tolerance().as_secs()) {
        return false;
    }
    let expected = webhook.sign(id, timestamp, body);
    // Entries are split at spaces (as the Standard Webhooks libraries do), each trimmed.
    signatures
        .split(' ')
        .any(|entry| entry.trim_ascii() == expected)
}
