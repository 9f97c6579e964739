// Every supported field type compiles and round-trips: primitives, literals, literal unions,
// optional, array, map, references, nested objects, plain and discriminated anonymous unions.
mod every {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/../webhook-spec/tests/fixtures/every_type.md");
}

use every::*;

fn main() {
    let json = r#"{
        "id": "whe_1",
        "type": "event",
        "data": {
            "type": "kitchen.sink",
            "text": "héllo \"world\" \u0001 😀",
            "ratio": 0.5,
            "count": -3,
            "enabled": true,
            "mode": "slow",
            "labels": ["a", "b"],
            "metadata": {"x": 1, "y": 2},
            "owner": {"id": "usr_1", "kind": "service"},
            "limits": {"soft": 10},
            "value": 42,
            "related": {"type": "vault.created", "id": "vlt_1"},
            "history": [{"first": {"id": "usr_2", "kind": "user"}}]
        }
    }"#;
    let event = BetaWebhookEvent::from_json_str(json).expect("valid event");
    let BetaWebhookEventData::KitchenSink(sink) = &event.data else {
        panic!("expected kitchen.sink, got {:?}", event.data);
    };
    assert_eq!(sink.text, "héllo \"world\" \u{1} 😀");
    assert_eq!(sink.ratio.as_f64(), Some(0.5));
    assert_eq!(sink.count, -3);
    assert!(sink.enabled);
    assert_eq!(sink.mode, BetaWebhookKitchenSinkEventDataMode::Slow);
    assert_eq!(sink.note, None);
    assert_eq!(sink.labels, ["a", "b"]);
    assert_eq!(sink.metadata.get("y"), Some(&2));
    assert_eq!(sink.owner.kind, BetaWebhookOwnerKind::Service);
    assert_eq!(sink.limits.soft, 10);
    assert_eq!(sink.limits.hard, None);
    assert!(matches!(sink.related, BetaWebhookKitchenSinkEventDataRelated::VaultCreated(_)));
    assert_eq!(sink.history.as_ref().map(Vec::len), Some(1));

    let back = serde_json::to_value(&event).expect("serializes");
    let again: BetaWebhookEvent = serde_json::from_value(back.clone()).expect("parses back");
    assert_eq!(again, event);
    assert_eq!(back["data"]["type"], "kitchen.sink");
    assert!(back["data"].get("note").is_none(), "absent optional fields stay absent");

    let wrong_mode = json.replace(r#""mode": "slow""#, r#""mode": "medium""#);
    let err = BetaWebhookEvent::from_json_str(&wrong_mode).expect_err("invalid mode");
    assert!(err.to_string().contains("kitchen.sink: field `mode`"), "{err}");
}
