//! Hostile sizes and shapes: deeply nested JSON, huge bodies and huge or deeply nested specs are
//! rejected or handled in bounded time and memory, never a stack overflow or a panic. The
//! limits are listed in `RELIABILITY.md` ("Limits"). No timings are asserted: each case only
//! has to complete.
#![allow(clippy::unwrap_used)]

#[path = "../../fuzz/src/targets.rs"]
#[allow(dead_code)]
mod targets;

use webhook_types::{BetaWebhookEvent, BetaWebhookEventData, ParseError, VerifyError, Webhook};

const DEPTH: usize = 10_000;

/// A `session.created` event (or another `tag`), with `extra` spliced into `data` as the
/// field `"extra"`, before or after the tag.
fn event_with(tag: &str, extra: &str, before_tag: bool) -> String {
    let fields = r#""id":"sesn_1","organization_id":"org_1","workspace_id":"wrkspc_1""#;
    let data = if before_tag {
        format!(r#"{{"extra":{extra},"type":"{tag}",{fields}}}"#)
    } else {
        format!(r#"{{"type":"{tag}",{fields},"extra":{extra}}}"#)
    };
    format!(r#"{{"id":"whe_1","created_at":"2026-03-15T09:58:12Z","data":{data},"type":"event"}}"#)
}

fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn nested_objects(depth: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

/// Parsing `body` stops at serde_json's recursion limit (128) with an error.
fn assert_recursion_limit(body: &str) {
    match BetaWebhookEvent::parse(body.as_bytes()) {
        Err(ParseError::Json(e)) => assert!(
            e.to_string().contains("recursion limit exceeded"),
            "unexpected error: {e}"
        ),
        other => panic!("expected the recursion limit, got {other:?}"),
    }
    targets::event_parse(body.as_bytes());
}

#[test]
fn deeply_nested_json_is_an_error() {
    // Values that are kept or buffered hit the recursion limit: the data of an unknown kind,
    // and any field of `data` before its `type` tag (buffered until the kind is known).
    for before in [false, true] {
        assert_recursion_limit(&event_with("session.paused", &nested_arrays(DEPTH), before));
        assert_recursion_limit(&event_with(
            "session.paused",
            &nested_objects(DEPTH),
            before,
        ));
    }
    assert_recursion_limit(&event_with("session.created", &nested_arrays(DEPTH), true));
    assert_recursion_limit(&event_with("session.created", &nested_objects(DEPTH), true));
    // A body that is not an object fails at its first byte.
    for body in [nested_arrays(DEPTH), "[".repeat(DEPTH)] {
        assert!(matches!(
            BetaWebhookEvent::parse(body.as_bytes()),
            Err(ParseError::Json(_))
        ));
        targets::event_parse(body.as_bytes());
    }
}

#[test]
fn deeply_nested_ignored_fields_are_skipped_without_recursion() {
    // Unknown fields of a known kind (after the tag) and of the envelope are skipped by
    // serde_json without recursing, so any depth costs no stack: 100 000 levels here.
    let deep = 100_000;
    for extra in [nested_arrays(deep), nested_objects(deep)] {
        let body = event_with("session.created", &extra, false);
        let event = BetaWebhookEvent::parse(body.as_bytes()).unwrap();
        assert_eq!(event.data.id(), "sesn_1");
        let body = body.replacen(
            r#"{"id":"whe_1""#,
            &format!(r#"{{"x":{extra},"id":"whe_1""#),
            1,
        );
        assert!(BetaWebhookEvent::parse(body.as_bytes()).is_ok());
        targets::event_parse(body.as_bytes());
    }
    // Unbalanced: an error at the end of the input.
    let body = format!(r#"{{"a":{}"#, "[".repeat(deep));
    assert!(BetaWebhookEvent::parse(body.as_bytes()).is_err());
}

#[test]
fn nesting_below_the_limit_is_accepted() {
    // 120 levels inside an unknown kind's data: kept, and it serializes back.
    let body = event_with("session.paused", &nested_arrays(120), false);
    let event = BetaWebhookEvent::parse(body.as_bytes()).unwrap();
    assert!(matches!(event.data, BetaWebhookEventData::Unknown(_)));
    targets::event_parse(body.as_bytes());
}

#[test]
fn huge_bodies_are_handled() {
    // A 16 MiB string field: parsed, kept whole.
    let big = "x".repeat(16 << 20);
    let body = event_with("session.created", "0", false).replace("sesn_1", &big);
    let event = BetaWebhookEvent::parse(body.as_bytes()).unwrap();
    assert_eq!(event.data.id().len(), big.len());
    // A million-element array in an unknown kind: parsed.
    let array = format!("[{}0]", "0,".repeat(1_000_000));
    let event = BetaWebhookEvent::parse(event_with("session.paused", &array, true).as_bytes());
    assert!(event.is_ok());
    // 16 MiB of white space, of `[`-free junk: errors.
    assert!(BetaWebhookEvent::parse(" ".repeat(16 << 20).as_bytes()).is_err());
    assert!(BetaWebhookEvent::parse("\"".repeat(16 << 20).as_bytes()).is_err());
    // Not UTF-8 at the very end of 16 MiB.
    let mut bytes = body.into_bytes();
    bytes.push(0xff);
    assert!(matches!(
        BetaWebhookEvent::parse(&bytes),
        Err(ParseError::InvalidUtf8 { .. })
    ));
}

#[test]
fn huge_deliveries_verify_or_are_rejected_early() {
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let body = vec![b'{'; 16 << 20];
    let sig = webhook.sign("msg_1", 1_700_000_000, &body);
    let headers = [
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", "1700000000"),
        ("webhook-signature", sig.as_str()),
    ];
    webhook.verify_at(&body, headers, 1_700_000_000).unwrap();
    // A huge signature header is refused before any hashing.
    let long = format!("{} {sig}", "v1,x".repeat(1 << 18));
    let headers = [headers[0], headers[1], ("webhook-signature", long.as_str())];
    assert_eq!(
        webhook.verify_at(&body, headers, 1_700_000_000),
        Err(VerifyError::SignatureHeaderTooLong { len: long.len() })
    );
    // A huge id and timestamp: no panic.
    let id = "i".repeat(1 << 20);
    let timestamp = "9".repeat(1 << 20);
    let headers = [
        ("webhook-id", id.as_str()),
        ("webhook-timestamp", timestamp.as_str()),
        ("webhook-signature", sig.as_str()),
    ];
    assert_eq!(
        webhook.verify_at(&body, headers, 1_700_000_000),
        Err(VerifyError::InvalidTimestamp)
    );
}

/// Reads `text` as Markdown: must be invalid, with every position inside the file; returns
/// the messages.
fn markdown_errors(text: &str) -> Vec<String> {
    let errors = webhook_spec::read("limits.md", text).unwrap_err();
    targets::check_positions(text, &errors);
    errors.items.iter().map(|d| d.message.clone()).collect()
}

fn assert_reported(messages: &[String], expected: &str) {
    assert!(
        messages.iter().any(|m| m.contains(expected)),
        "no `{expected}` among {messages:?}"
    );
}

#[test]
fn markdown_list_depth_is_limited() {
    // `- - - … x`: 10 000 nested lists on one line.
    let text = format!("### A\n\n{}`a: string`\n", "- ".repeat(DEPTH));
    assert_reported(&markdown_errors(&text), "nested more than 32 levels");
    // The same with indentation, 500 levels deep.
    let mut text = String::from("### A\n\n");
    for level in 0..500 {
        text.push_str(&"  ".repeat(level));
        text.push_str("- `a: object { a }`\n");
    }
    assert_reported(&markdown_errors(&text), "nested more than 32 levels");
    // Block quotes and a list inside them.
    let text = format!("### A\n\n{}- `a: string`\n", "> ".repeat(DEPTH));
    let _ = markdown_errors(&text);
}

#[test]
fn markdown_type_depth_is_limited() {
    for ty in [
        format!("{}string", "optional ".repeat(DEPTH)),
        format!("{}string", "array of ".repeat(DEPTH)),
        format!("{}string{}", "map[".repeat(DEPTH), "]".repeat(DEPTH)),
        format!("{}string", "map[".repeat(DEPTH)),
    ] {
        let text = format!("### A\n\n- `a: {ty}`\n");
        assert_reported(
            &markdown_errors(&text),
            "type is nested more than 32 levels deep",
        );
    }
}

#[test]
fn markdown_inline_pathologies_complete() {
    for inline in [
        "[".repeat(50_000),
        "*a ".repeat(50_000),
        "`".repeat(50_000),
        "<".repeat(50_000),
        "![".repeat(50_000),
        "_*".repeat(50_000),
    ] {
        let text = format!("### A\n\n- `a: string` {inline}\n\n{inline}\n");
        let _ = webhook_spec::read("limits.md", &text);
        targets::spec_markdown(text.as_bytes());
    }
}

#[test]
fn json_spec_depth_is_limited() {
    let ty = format!(
        r#"{}{{"kind":"string"}}{}"#,
        r#"{"kind":"optional","of":"#.repeat(DEPTH),
        "}".repeat(DEPTH)
    );
    let text = format!(r#"{{"types":[{{"name":"a","type":{ty}}}]}}"#);
    let errors = webhook_spec::read("limits.json", &text).unwrap_err();
    targets::check_positions(&text, &errors);
    assert!(errors.items[0].message.contains("recursion limit"));
    targets::spec_json(nested_arrays(DEPTH).as_bytes());
    targets::spec_json(nested_objects(DEPTH).as_bytes());
}

/// The real spec plus small object types up to `size` bytes of Markdown; how many were added.
fn big_spec(size: usize) -> (String, usize) {
    let mut text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/webhooks.md"))
            .unwrap();
    let mut n = 0;
    while text.len() < size {
        text.push_str(&format!(
            "\n### Extra {n}\n\n- `extra_{n}: object {{ id, name, tags }}`\n\n  - `id: string`\n\n  \
             - `name: optional string`\n\n  - `tags: array of string`\n"
        ));
        n += 1;
    }
    (text, n)
}

/// A 5 MB valid Markdown spec (about 40 000 types): read and validated.
#[test]
fn five_megabyte_spec_is_read() {
    let (text, n) = big_spec(5_000_000);
    let spec = webhook_spec::read("huge.md", &text).unwrap();
    assert!(spec.types.len() > n);
}

/// A 2 MB JSON spec (25 MB in release builds takes a second): read with a position for every
/// definition and field (this was quadratic, minutes for a few megabytes, before positions
/// used a line index).
#[test]
fn big_json_spec_is_read() {
    let (text, _) = big_spec(1_100_000);
    let spec = webhook_spec::read("huge.md", &text).unwrap();
    let json = serde_json::to_string(&spec).unwrap();
    assert!(json.len() > 2_000_000, "{}", json.len());
    let again = webhook_spec::read("huge.json", &json).unwrap();
    assert_eq!(again.types.len(), spec.types.len());
    // Compact JSON is one line: the last definition is near its end.
    let last = again.types.last().unwrap();
    assert_eq!(last.pos.line, 1);
    assert!(last.pos.column as usize > json.len() * 9 / 10);
}

/// 1 MB of Markdown where every line is an error: every error reported, inside the file, and
/// all of them rendered (rendering each one rescanned the file: quadratic, before
/// `Diagnostics::rendered` indexed the lines once).
#[test]
fn a_megabyte_of_errors_is_reported_and_rendered() {
    let mut text = String::from("### A\n\n");
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!("- `bad_{n}: strnig`\n"));
        n += 1;
    }
    let errors = webhook_spec::read("errors.md", &text).unwrap_err();
    targets::check_positions(&text, &errors);
    assert_eq!(errors.items.len(), n);
    let rendered = errors.to_string();
    let last = n - 1;
    assert!(rendered.contains(&format!("{} | - `bad_{last}: strnig`", last + 3)));
}
