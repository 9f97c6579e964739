// With `webhook-types/json-spec`, `generate!` reads the JSON form of a spec (what
// `webhook-spec json` prints) and generates the same API as from the Markdown.
mod from_json {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/valid.json");
}
mod from_markdown {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/valid.md");
}

fn main() {
    let body = r#"{"id":"e_1","type":"event","data":{"type":"ping.stopped","id":"p_1","reason":"done"}}"#;
    let json = from_json::PingEvent::from_json_str(body).expect("valid event");
    let markdown = from_markdown::PingEvent::from_json_str(body).expect("valid event");
    assert_eq!(json.data.kind(), Some(from_json::PingEventKind::PingStopped));
    assert_eq!(
        serde_json::to_value(&json).unwrap(),
        serde_json::to_value(&markdown).unwrap(),
    );
    let names = |all: &[from_json::PingEventKind]| all.iter().map(|k| k.as_str()).collect::<Vec<_>>();
    assert_eq!(
        names(from_json::PingEventKind::ALL),
        from_markdown::PingEventKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
    );
}
