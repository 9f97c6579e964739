//! The `webhook-spec expand` snapshot compiles, warning-free, as plain Rust: what the macro
//! generates needs nothing the macro hides.

#[deny(warnings)]
#[allow(dead_code)]
mod expanded {
    include!("../expanded/webhooks.rs");
}

#[test]
fn the_expanded_code_parses_like_the_macro_output() {
    let body = br#"{"id":"whe_1","created_at":"2026-03-15T10:00:00Z","data":{"id":"sesn_1","organization_id":"org_1","type":"session.status_idled","workspace_id":"wrkspc_1"},"type":"event"}"#;
    let from_snapshot = expanded::BetaWebhookEvent::parse(body).expect("valid event");
    let from_macro = webhook_types::BetaWebhookEvent::parse(body).expect("valid event");
    assert_eq!(
        serde_json::to_value(&from_snapshot).expect("serializes"),
        serde_json::to_value(&from_macro).expect("serializes")
    );
    assert_eq!(
        from_snapshot.data.kind().map(|k| k.as_str()),
        Some("session.status_idled")
    );
}
