//! The typed event model generated from `spec/webhooks.md`: one fixture per event kind
//! (`tests/fixtures/events/<tag>.json`), the official SDK payload, tag placement, unknown kinds,
//! strict parsing, every documented parse error, the kind enum, the accessors, the visitor and
//! the `UnwrapWebhookEvent` alias.
#![allow(clippy::unwrap_used)]

use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use webhook_types::{
    BetaWebhookEvent, BetaWebhookEventData, BetaWebhookEventKind, BetaWebhookEventVisitor,
    BetaWebhookSessionCreatedEventData, BetaWebhookSessionStatusIdledEventData,
    BetaWebhookSessionThreadCreatedEventData, BetaWebhookVaultCredentialCreatedEventData,
    BetaWebhookVaultCredentialRefreshFailedEventData, ParseError, UnknownEventData,
    UnknownKindError, UnwrapWebhookEvent,
};

use BetaWebhookEventData as Data;
use BetaWebhookEventKind as Kind;

// ---------------------------------------------------------------------------------------------
// Shared inputs and helpers
// ---------------------------------------------------------------------------------------------

/// The example payload of the official SDKs, byte for byte.
const SDK_PAYLOAD: &str = r#"{"id":"whe_0f1e2d3c4b5a69788796a5b4c3d2e1f0","created_at":"2026-03-15T10:00:00Z","data":{"id":"sesn_011CZkZAtmR3yMPDzynEDxu7","organization_id":"org_011CZkZZAe0sMna4vkBdtrfx","type":"session.status_idled","workspace_id":"wrkspc_011CZkZaBF1tNoB5wlCeusgy"},"type":"event"}"#;

const EVENT_ID: &str = "whe_0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const CREATED_AT: &str = "2026-03-15T10:00:00Z";
const SESSION: &str = "sesn_011CZkZAtmR3yMPDzynEDxu7";
const ORG: &str = "org_011CZkZZAe0sMna4vkBdtrfx";
const WORKSPACE: &str = "wrkspc_011CZkZaBF1tNoB5wlCeusgy";
const THREAD: &str = "sthr_011CZkG4vRi1mqBGigjqo54s";
const VAULT: &str = "vlt_011CZklyFTECD3xJRZhafmGy";
const CREDENTIAL: &str = "vcrd_011CZkx4t12gtGRxwSXLgnSl";

/// Every tag of the spec, in spec order.
const SPEC_TAGS: [&str; 22] = [
    "session.created",
    "session.pending",
    "session.running",
    "session.idled",
    "session.requires_action",
    "session.archived",
    "session.deleted",
    "session.status_rescheduled",
    "session.status_run_started",
    "session.status_idled",
    "session.status_terminated",
    "session.thread_created",
    "session.thread_idled",
    "session.thread_terminated",
    "session.outcome_evaluation_ended",
    "vault.created",
    "vault.archived",
    "vault.deleted",
    "vault_credential.created",
    "vault_credential.archived",
    "vault_credential.deleted",
    "vault_credential.refresh_failed",
];

/// One `tests/fixtures/events/<tag>.json` file.
struct Fixture {
    tag: String,
    path: PathBuf,
    body: Vec<u8>,
    json: Value,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/events")
}

/// Every fixture, sorted by tag.
fn fixtures() -> Vec<Fixture> {
    let dir = fixtures_dir();
    let mut out: Vec<Fixture> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let tag = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let body = std::fs::read(&path).unwrap();
            let json = serde_json::from_slice(&body)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            Fixture {
                tag,
                path,
                body,
                json,
            }
        })
        .collect();
    out.sort_by(|a, b| a.tag.cmp(&b.tag));
    assert!(!out.is_empty(), "no fixtures in {}", dir.display());
    out
}

/// The fixture of one tag.
fn fixture(tag: &str) -> Fixture {
    fixtures()
        .into_iter()
        .find(|f| f.tag == tag)
        .unwrap_or_else(|| panic!("no fixture for `{tag}`"))
}

/// The kind whose tag is `tag`, found by `as_str` (not by `FromStr`).
fn kind_by_tag(tag: &str) -> Option<Kind> {
    Kind::ALL.iter().copied().find(|k| k.as_str() == tag)
}

/// Parses `body`, checking that `parse`, `from_json_str` and `FromStr` agree.
fn parse_ok(body: &str) -> BetaWebhookEvent {
    let event = BetaWebhookEvent::parse(body.as_bytes())
        .unwrap_or_else(|e| panic!("failed to parse {body}: {e}"));
    assert_eq!(BetaWebhookEvent::from_json_str(body).unwrap(), event);
    assert_eq!(body.parse::<BetaWebhookEvent>().unwrap(), event);
    event
}

/// The error message for `body`, checking that `parse`, `parse_strict`, `from_json_str` and
/// `FromStr` all fail with the same message and that it is a JSON error.
fn parse_err(body: &str) -> String {
    let err = match BetaWebhookEvent::parse(body.as_bytes()) {
        Ok(event) => panic!("{body} parsed, as {event:?}"),
        Err(e) => e,
    };
    assert!(
        matches!(err, ParseError::Json(_)),
        "{body}: expected a JSON error, got {err:?}"
    );
    let message = err.to_string();
    let strict = BetaWebhookEvent::parse_strict(body.as_bytes()).unwrap_err();
    assert_eq!(strict.to_string(), message, "parse_strict vs parse: {body}");
    let from_str = BetaWebhookEvent::from_json_str(body).unwrap_err();
    assert_eq!(
        from_str.to_string(),
        message,
        "from_json_str vs parse: {body}"
    );
    let std_from_str = body.parse::<BetaWebhookEvent>().unwrap_err();
    assert_eq!(
        std_from_str.to_string(),
        message,
        "FromStr vs parse: {body}"
    );
    message
}

/// The underlying `serde_json` error for `body`.
fn json_error(body: &str) -> serde_json::Error {
    match BetaWebhookEvent::parse(body.as_bytes()) {
        Err(ParseError::Json(e)) => e,
        other => panic!("{body}: expected a JSON error, got {other:?}"),
    }
}

/// A full event body around the `data` object text `data`.
fn envelope(data: &str) -> String {
    format!(r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","data":{data},"type":"event"}}"#)
}

/// The `data` object text of a `session.created` event.
fn session_created_data() -> String {
    format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"session.created","workspace_id":"{WORKSPACE}"}}"#
    )
}

/// The event `envelope(session_created_data())` parses into.
fn session_created_event() -> BetaWebhookEvent {
    BetaWebhookEvent {
        id: EVENT_ID.to_owned(),
        created_at: CREATED_AT.parse().unwrap(),
        data: Data::SessionCreated(BetaWebhookSessionCreatedEventData {
            id: SESSION.to_owned(),
            organization_id: ORG.to_owned(),
            workspace_id: WORKSPACE.to_owned(),
        }),
    }
}

fn to_value(event: &BetaWebhookEvent) -> Value {
    serde_json::to_value(event).unwrap()
}

/// The string fields of the typed data (everything but the implied `type`), read from the
/// struct fields themselves through an explicit match on every variant.
fn typed_fields(data: &Data) -> (Kind, BTreeMap<&'static str, &str>) {
    macro_rules! fields {
        ($kind:ident, $d:expr, $($field:ident),+) => {
            (Kind::$kind, BTreeMap::from([$((stringify!($field), $d.$field.as_str())),+]))
        };
    }
    match data {
        Data::SessionCreated(d) => fields!(SessionCreated, d, id, organization_id, workspace_id),
        Data::SessionPending(d) => fields!(SessionPending, d, id, organization_id, workspace_id),
        Data::SessionRunning(d) => fields!(SessionRunning, d, id, organization_id, workspace_id),
        Data::SessionIdled(d) => fields!(SessionIdled, d, id, organization_id, workspace_id),
        Data::SessionRequiresAction(d) => {
            fields!(SessionRequiresAction, d, id, organization_id, workspace_id)
        }
        Data::SessionArchived(d) => fields!(SessionArchived, d, id, organization_id, workspace_id),
        Data::SessionDeleted(d) => fields!(SessionDeleted, d, id, organization_id, workspace_id),
        Data::SessionStatusRescheduled(d) => {
            fields!(
                SessionStatusRescheduled,
                d,
                id,
                organization_id,
                workspace_id
            )
        }
        Data::SessionStatusRunStarted(d) => {
            fields!(
                SessionStatusRunStarted,
                d,
                id,
                organization_id,
                workspace_id
            )
        }
        Data::SessionStatusIdled(d) => {
            fields!(SessionStatusIdled, d, id, organization_id, workspace_id)
        }
        Data::SessionStatusTerminated(d) => {
            fields!(
                SessionStatusTerminated,
                d,
                id,
                organization_id,
                workspace_id
            )
        }
        Data::SessionThreadCreated(d) => fields!(
            SessionThreadCreated,
            d,
            id,
            organization_id,
            session_thread_id,
            workspace_id
        ),
        Data::SessionThreadIdled(d) => fields!(
            SessionThreadIdled,
            d,
            id,
            organization_id,
            session_thread_id,
            workspace_id
        ),
        Data::SessionThreadTerminated(d) => fields!(
            SessionThreadTerminated,
            d,
            id,
            organization_id,
            session_thread_id,
            workspace_id
        ),
        Data::SessionOutcomeEvaluationEnded(d) => {
            fields!(
                SessionOutcomeEvaluationEnded,
                d,
                id,
                organization_id,
                workspace_id
            )
        }
        Data::VaultCreated(d) => fields!(VaultCreated, d, id, organization_id, workspace_id),
        Data::VaultArchived(d) => fields!(VaultArchived, d, id, organization_id, workspace_id),
        Data::VaultDeleted(d) => fields!(VaultDeleted, d, id, organization_id, workspace_id),
        Data::VaultCredentialCreated(d) => fields!(
            VaultCredentialCreated,
            d,
            id,
            organization_id,
            vault_id,
            workspace_id
        ),
        Data::VaultCredentialArchived(d) => fields!(
            VaultCredentialArchived,
            d,
            id,
            organization_id,
            vault_id,
            workspace_id
        ),
        Data::VaultCredentialDeleted(d) => fields!(
            VaultCredentialDeleted,
            d,
            id,
            organization_id,
            vault_id,
            workspace_id
        ),
        Data::VaultCredentialRefreshFailed(d) => fields!(
            VaultCredentialRefreshFailed,
            d,
            id,
            organization_id,
            vault_id,
            workspace_id
        ),
        other => panic!(
            "no explicit match for `{}` in this test: add the new variant to `typed_fields`",
            other.type_str()
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures: one per kind
// ---------------------------------------------------------------------------------------------

#[test]
fn fixture_files_are_exactly_the_spec_kinds() {
    let files: BTreeSet<String> = fixtures().into_iter().map(|f| f.tag).collect();
    let kinds: BTreeSet<String> = Kind::ALL.iter().map(|k| k.as_str().to_owned()).collect();
    let missing: Vec<&String> = kinds.difference(&files).collect();
    let extra: Vec<&String> = files.difference(&kinds).collect();
    assert!(
        missing.is_empty(),
        "event kinds without a fixture: {missing:?}; add tests/fixtures/events/<tag>.json for each (in {})",
        fixtures_dir().display()
    );
    assert!(
        extra.is_empty(),
        "fixtures for kinds the spec does not define: {extra:?}"
    );
    assert_eq!(files.len(), Kind::ALL.len());
}

#[test]
fn fixtures_are_full_envelopes_with_matching_tags() {
    for f in fixtures() {
        let name = f.path.display();
        let obj = f.json.as_object().unwrap();
        let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["created_at", "data", "id", "type"]),
            "{name}"
        );
        assert_eq!(f.json["type"], "event", "{name}");
        assert_eq!(f.json["data"]["type"], f.tag.as_str(), "{name}");
        assert!(f.json["id"].as_str().unwrap().starts_with("whe_"), "{name}");
    }
}

#[test]
fn every_fixture_parses_into_its_kind() {
    for f in fixtures() {
        let name = f.path.display();
        let text = std::str::from_utf8(&f.body).unwrap();
        let event = BetaWebhookEvent::parse(&f.body).unwrap_or_else(|e| panic!("{name}: {e}"));

        let expected = kind_by_tag(&f.tag).unwrap_or_else(|| panic!("{name}: no kind `{}`", f.tag));
        assert_eq!(event.data.kind(), Some(expected), "{name}");
        assert_eq!(f.tag.parse::<Kind>().unwrap(), expected, "{name}");
        assert_eq!(event.data.type_str(), f.tag, "{name}");
        assert!(!event.data.is_unknown(), "{name}");

        // Every entry point gives the same event.
        assert_eq!(
            BetaWebhookEvent::from_json_str(text).unwrap(),
            event,
            "{name}"
        );
        assert_eq!(text.parse::<BetaWebhookEvent>().unwrap(), event, "{name}");
        assert_eq!(
            BetaWebhookEvent::parse_strict(&f.body).unwrap(),
            event,
            "{name}"
        );
        let via_value: BetaWebhookEvent = serde_json::from_value(f.json.clone()).unwrap();
        assert_eq!(via_value, event, "{name}");
    }
}

#[test]
fn every_fixture_has_the_json_values() {
    for f in fixtures() {
        let name = f.path.display();
        let event = BetaWebhookEvent::parse(&f.body).unwrap();

        assert_eq!(event.id, f.json["id"].as_str().unwrap(), "{name}");
        let created_at: jiff::Timestamp = f.json["created_at"].as_str().unwrap().parse().unwrap();
        assert_eq!(event.created_at, created_at, "{name}");

        // The typed struct's fields are exactly the JSON data's fields, `type` aside.
        let (kind, typed) = typed_fields(&event.data);
        assert_eq!(kind.as_str(), f.tag, "{name}: variant vs file name");
        let json: BTreeMap<&str, &str> = f.json["data"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "type")
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
            .collect();
        assert_eq!(typed, json, "{name}");

        // The accessors agree.
        let data = &f.json["data"];
        assert_eq!(event.data.id(), data["id"], "{name}");
        assert_eq!(
            event.data.organization_id(),
            data["organization_id"],
            "{name}"
        );
        assert_eq!(event.data.workspace_id(), data["workspace_id"], "{name}");
        assert_eq!(
            event.data.session_thread_id(),
            data.get("session_thread_id").and_then(Value::as_str),
            "{name}"
        );
        assert_eq!(
            event.data.vault_id(),
            data.get("vault_id").and_then(Value::as_str),
            "{name}"
        );
    }
}

#[test]
fn every_fixture_serializes_back_to_its_json() {
    for f in fixtures() {
        let name = f.path.display();
        let event = BetaWebhookEvent::parse(&f.body).unwrap();
        assert_eq!(to_value(&event), f.json, "{name}");
        // The data on its own, too.
        let data: Data = serde_json::from_value(f.json["data"].clone()).unwrap();
        assert_eq!(data, event.data, "{name}");
        assert_eq!(
            serde_json::to_value(&data).unwrap(),
            f.json["data"],
            "{name}"
        );
        // And the serialized text parses into the same event again.
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(parse_ok(&text), event, "{name}");
    }
}

#[test]
fn some_fixtures_match_their_variant_explicitly() {
    let event = BetaWebhookEvent::parse(&fixture("session.created").body).unwrap();
    let Data::SessionCreated(d) = &event.data else {
        panic!("not SessionCreated: {event:?}");
    };
    assert!(d.id.starts_with("sesn_011CZk"), "{d:?}");
    assert_eq!(d.organization_id, ORG);
    assert_eq!(d.workspace_id, WORKSPACE);

    let event = BetaWebhookEvent::parse(&fixture("session.thread_created").body).unwrap();
    match &event.data {
        Data::SessionThreadCreated(BetaWebhookSessionThreadCreatedEventData {
            id,
            organization_id,
            session_thread_id,
            workspace_id,
        }) => {
            assert!(id.starts_with("sesn_"), "{id}");
            assert_eq!(organization_id, ORG);
            assert_eq!(session_thread_id, THREAD);
            assert_eq!(workspace_id, WORKSPACE);
        }
        other => panic!("not SessionThreadCreated: {other:?}"),
    }

    let event = BetaWebhookEvent::parse(&fixture("vault_credential.created").body).unwrap();
    match &event.data {
        Data::VaultCredentialCreated(BetaWebhookVaultCredentialCreatedEventData {
            id,
            vault_id,
            ..
        }) => {
            assert!(id.starts_with("vcrd_"), "{id}");
            assert_eq!(vault_id, VAULT);
        }
        other => panic!("not VaultCredentialCreated: {other:?}"),
    }

    let f = fixture("vault_credential.refresh_failed");
    let event = BetaWebhookEvent::parse(&f.body).unwrap();
    let expected = BetaWebhookEvent {
        id: f.json["id"].as_str().unwrap().to_owned(),
        created_at: f.json["created_at"].as_str().unwrap().parse().unwrap(),
        data: Data::VaultCredentialRefreshFailed(
            BetaWebhookVaultCredentialRefreshFailedEventData {
                id: f.json["data"]["id"].as_str().unwrap().to_owned(),
                organization_id: ORG.to_owned(),
                vault_id: VAULT.to_owned(),
                workspace_id: WORKSPACE.to_owned(),
            },
        ),
    };
    assert_eq!(event, expected);

    let event = BetaWebhookEvent::parse(&fixture("vault.deleted").body).unwrap();
    assert!(matches!(event.data, Data::VaultDeleted(ref d) if d.id.starts_with("vlt_")));
    let event = BetaWebhookEvent::parse(&fixture("session.outcome_evaluation_ended").body).unwrap();
    assert!(matches!(event.data, Data::SessionOutcomeEvaluationEnded(_)));
}

#[test]
fn fractional_second_timestamps_round_trip() {
    for f in fixtures() {
        let event = BetaWebhookEvent::parse(&f.body).unwrap();
        assert_eq!(
            event.created_at.to_string(),
            f.json["created_at"].as_str().unwrap(),
            "{}",
            f.path.display()
        );
    }
    let nanos = fixture("session.thread_created");
    let event = BetaWebhookEvent::parse(&nanos.body).unwrap();
    assert_eq!(event.created_at.subsec_nanosecond(), 123_456_789);
}

// ---------------------------------------------------------------------------------------------
// The official SDK payload
// ---------------------------------------------------------------------------------------------

#[test]
fn sdk_payload_parses_into_session_status_idled() {
    let event = parse_ok(SDK_PAYLOAD);
    assert_eq!(event.id, EVENT_ID);
    assert_eq!(
        event.created_at,
        jiff::Timestamp::from_second(1_773_568_800).unwrap()
    );
    assert_eq!(event.data.kind(), Some(Kind::SessionStatusIdled));
    match &event.data {
        Data::SessionStatusIdled(d) => assert_eq!(
            d,
            &BetaWebhookSessionStatusIdledEventData {
                id: SESSION.to_owned(),
                organization_id: ORG.to_owned(),
                workspace_id: WORKSPACE.to_owned(),
            }
        ),
        other => panic!("not SessionStatusIdled: {other:?}"),
    }
    assert_eq!(event.data.id(), SESSION);
    assert_eq!(event.data.session_thread_id(), None);
    assert_eq!(event.data.vault_id(), None);
    // The fixture for this kind is the SDK payload itself.
    assert_eq!(
        fixture("session.status_idled").json,
        serde_json::from_str::<Value>(SDK_PAYLOAD).unwrap()
    );
}

#[test]
fn serialization_writes_fields_in_spec_order() {
    // The SDK payload is in spec order (which is also the API's), so it comes back byte for byte.
    let event = parse_ok(SDK_PAYLOAD);
    assert_eq!(serde_json::to_string(&event).unwrap(), SDK_PAYLOAD);
    // A constructed event writes the implied `type` literals too.
    assert_eq!(
        serde_json::to_string(&session_created_event()).unwrap(),
        envelope(&session_created_data())
    );
}

// ---------------------------------------------------------------------------------------------
// Where `type` sits; extra fields
// ---------------------------------------------------------------------------------------------

#[test]
fn data_type_first_middle_or_last() {
    let first = format!(
        r#"{{"type":"session.created","id":"{SESSION}","organization_id":"{ORG}","workspace_id":"{WORKSPACE}"}}"#
    );
    let middle = session_created_data();
    let last = format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","workspace_id":"{WORKSPACE}","type":"session.created"}}"#
    );
    for data in [first, middle, last] {
        let body = envelope(&data);
        assert_eq!(parse_ok(&body), session_created_event(), "{body}");
        assert_eq!(
            to_value(&parse_ok(&body)),
            serde_json::from_str::<Value>(&body).unwrap()
        );
    }

    // The same for a kind with a fourth field.
    let thread = |data: &str| {
        let event = parse_ok(&envelope(data));
        assert_eq!(event.data.kind(), Some(Kind::SessionThreadIdled), "{data}");
        assert_eq!(event.data.session_thread_id(), Some(THREAD), "{data}");
        event
    };
    let a = thread(&format!(
        r#"{{"type":"session.thread_idled","id":"{SESSION}","organization_id":"{ORG}","session_thread_id":"{THREAD}","workspace_id":"{WORKSPACE}"}}"#
    ));
    let b = thread(&format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"session.thread_idled","session_thread_id":"{THREAD}","workspace_id":"{WORKSPACE}"}}"#
    ));
    let c = thread(&format!(
        r#"{{"workspace_id":"{WORKSPACE}","session_thread_id":"{THREAD}","organization_id":"{ORG}","id":"{SESSION}","type":"session.thread_idled"}}"#
    ));
    assert_eq!(a, b);
    assert_eq!(b, c);
}

#[test]
fn envelope_type_first_middle_or_last() {
    let data = session_created_data();
    let bodies = [
        format!(
            r#"{{"type":"event","id":"{EVENT_ID}","created_at":"{CREATED_AT}","data":{data}}}"#
        ),
        format!(
            r#"{{"id":"{EVENT_ID}","type":"event","created_at":"{CREATED_AT}","data":{data}}}"#
        ),
        format!(
            r#"{{"data":{data},"created_at":"{CREATED_AT}","id":"{EVENT_ID}","type":"event"}}"#
        ),
    ];
    for body in bodies {
        assert_eq!(parse_ok(&body), session_created_event(), "{body}");
    }
}

#[test]
fn whitespace_and_escapes_are_plain_json() {
    let body = format!(
        "\n {{ \"id\" : \"{EVENT_ID}\" ,\r\n\t\"created_at\":\"{CREATED_AT}\", \"data\" : {{ \"id\":\"{SESSION}\", \
         \"organization_id\" :\"{ORG}\",\"type\": \"session\\u002ecreated\", \"workspace\\u005fid\":\"{WORKSPACE}\" }} , \
         \"typ\\u0065\":\"\\u0065vent\" }}\n "
    );
    assert_eq!(parse_ok(&body), session_created_event());
}

#[test]
fn extra_fields_are_ignored() {
    // Unknown fields in data, including fields other kinds have, and in the envelope.
    let data = format!(
        r#"{{"attempt":3,"id":"{SESSION}","metadata":{{"labels":["a","b"],"nested":{{"deep":[1,2.5,null,true]}}}},"note":null,"organization_id":"{ORG}","session_thread_id":"{THREAD}","type":"session.created","vault_id":"{VAULT}","workspace_id":"{WORKSPACE}","zzz":"last"}}"#
    );
    let body = format!(
        r#"{{"api_version":"2026-03-01","id":"{EVENT_ID}","created_at":"{CREATED_AT}","livemode":false,"data":{data},"type":"event","retries":[{{"at":"x"}}]}}"#
    );
    let event = parse_ok(&body);
    assert_eq!(event, session_created_event());
    // The kind has no thread or vault, whatever the body said.
    assert_eq!(event.data.session_thread_id(), None);
    assert_eq!(event.data.vault_id(), None);
    // Serializing writes the spec's fields only.
    assert_eq!(
        to_value(&event),
        serde_json::from_str::<Value>(&envelope(&session_created_data())).unwrap()
    );
    assert_eq!(
        BetaWebhookEvent::parse_strict(body.as_bytes()).unwrap(),
        event
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown kinds
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_kind_is_kept_raw_and_serializes_back_unchanged() {
    let data = format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","paused_by":{{"kind":"user","id":"user_01"}},"reason":null,"type":"session.paused","workspace_id":"{WORKSPACE}","weights":[1,-2,3.5e-3]}}"#
    );
    let body = envelope(&data);
    let event = parse_ok(&body);
    let data_json: Value = serde_json::from_str(&data).unwrap();

    let Data::Unknown(unknown) = &event.data else {
        panic!("not Unknown: {event:?}");
    };
    assert_eq!(unknown.tag, "session.paused");
    assert_eq!(unknown.tag(), "session.paused");
    assert_eq!(&Value::Object(unknown.raw.clone()), &data_json);
    assert_eq!(unknown.get("reason"), Some(&Value::Null));
    assert_eq!(unknown.get_str("id"), Some(SESSION));
    assert_eq!(unknown.get_str("paused_by"), None);
    assert_eq!(unknown.get("missing"), None);

    assert_eq!(event.id, EVENT_ID);
    assert_eq!(event.data.kind(), None);
    assert_eq!(event.data.type_str(), "session.paused");
    assert!(event.data.is_unknown());

    // Raw string fields back the accessors.
    assert_eq!(event.data.id(), SESSION);
    assert_eq!(event.data.organization_id(), ORG);
    assert_eq!(event.data.workspace_id(), WORKSPACE);
    assert_eq!(event.data.session_thread_id(), None);
    assert_eq!(event.data.vault_id(), None);

    // Unchanged on the way out.
    assert_eq!(
        to_value(&event),
        serde_json::from_str::<Value>(&body).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&event.data).unwrap(),
        data_json,
        "the data on its own"
    );
    let via_value: BetaWebhookEvent =
        serde_json::from_value(serde_json::from_str(&body).unwrap()).unwrap();
    assert_eq!(via_value, event);
}

#[test]
fn unknown_kind_wherever_its_tag_sits() {
    let bodies = [
        r#"{"type":"vault.rotated","id":"vlt_1","rotation":{"n":2},"workspace_id":"w"}"#,
        r#"{"id":"vlt_1","rotation":{"n":2},"type":"vault.rotated","workspace_id":"w"}"#,
        r#"{"id":"vlt_1","rotation":{"n":2},"workspace_id":"w","type":"vault.rotated"}"#,
    ];
    let expected: Value = serde_json::from_str(bodies[0]).unwrap();
    for data in bodies {
        let event = parse_ok(&envelope(data));
        let Data::Unknown(d) = &event.data else {
            panic!("{data}: not Unknown");
        };
        assert_eq!(d.tag, "vault.rotated");
        assert_eq!(Value::Object(d.raw.clone()), expected, "{data}");
        assert_eq!(
            serde_json::to_value(&event.data).unwrap(),
            expected,
            "{data}"
        );
    }
}

#[test]
fn unknown_kind_with_only_a_tag() {
    let event = parse_ok(&envelope(r#"{"type":"organization.renamed"}"#));
    let Data::Unknown(d) = &event.data else {
        panic!("not Unknown");
    };
    assert_eq!(d.tag, "organization.renamed");
    assert_eq!(d.raw.len(), 1);
    assert_eq!(event.data.id(), "");
    assert_eq!(event.data.workspace_id(), "");
    assert_eq!(event.data.session_thread_id(), None);
}

#[test]
fn unknown_kind_whose_known_named_fields_have_other_types() {
    let data = r#"{"id":5,"organization_id":null,"session_thread_id":["sthr_1"],"type":"session.forked","vault_id":true,"workspace_id":{"id":"wrkspc_1"}}"#;
    let body = envelope(data);
    let event = parse_ok(&body);
    let Data::Unknown(d) = &event.data else {
        panic!("not Unknown: {event:?}");
    };
    assert_eq!(d.tag, "session.forked");
    assert_eq!(d.get("id"), Some(&Value::from(5)));
    assert_eq!(
        Value::Object(d.raw.clone()),
        serde_json::from_str::<Value>(data).unwrap()
    );
    // Non-string fields give the accessors' fallbacks.
    assert_eq!(event.data.id(), "");
    assert_eq!(event.data.organization_id(), "");
    assert_eq!(event.data.workspace_id(), "");
    assert_eq!(event.data.session_thread_id(), None);
    assert_eq!(event.data.vault_id(), None);
    assert_eq!(
        to_value(&event),
        serde_json::from_str::<Value>(&body).unwrap()
    );
}

#[test]
fn unknown_kind_accessors_read_raw_strings() {
    let data = format!(
        r#"{{"id":"vcrd_9","organization_id":"{ORG}","session_thread_id":"{THREAD}","type":"vault_credential.rotated","vault_id":"{VAULT}","workspace_id":"{WORKSPACE}"}}"#
    );
    let event = parse_ok(&envelope(&data));
    assert!(event.data.is_unknown());
    assert_eq!(event.data.id(), "vcrd_9");
    assert_eq!(event.data.organization_id(), ORG);
    assert_eq!(event.data.workspace_id(), WORKSPACE);
    assert_eq!(event.data.session_thread_id(), Some(THREAD));
    assert_eq!(event.data.vault_id(), Some(VAULT));
}

#[test]
fn tags_are_exact() {
    // Close to a known tag is still unknown: tags are compared exactly.
    for tag in [
        "Session.Created",
        "session.created ",
        " session.created",
        "session_created",
        "session.create",
        "",
    ] {
        let data = format!(
            r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"{tag}","workspace_id":"{WORKSPACE}"}}"#
        );
        let event = parse_ok(&envelope(&data));
        assert!(event.data.is_unknown(), "{tag:?}");
        assert_eq!(event.data.type_str(), tag);
        assert!(tag.parse::<Kind>().is_err(), "{tag:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Strict parsing
// ---------------------------------------------------------------------------------------------

#[test]
fn strict_parsing_rejects_unknown_kinds() {
    let body = envelope(&format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"session.paused","workspace_id":"{WORKSPACE}"}}"#
    ));
    assert!(BetaWebhookEvent::parse(body.as_bytes()).is_ok());
    let err = BetaWebhookEvent::parse_strict(body.as_bytes()).unwrap_err();
    match &err {
        ParseError::UnknownKind { tag } => assert_eq!(tag, "session.paused"),
        other => panic!("expected UnknownKind, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "unknown event type `session.paused`: the spec this crate was generated from does not define it"
    );
    assert!(std::error::Error::source(&err).is_none());

    // Every known kind passes.
    for f in fixtures() {
        let strict = BetaWebhookEvent::parse_strict(&f.body).unwrap();
        assert_eq!(strict.data.type_str(), f.tag);
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_data_field_names_the_kind_and_the_field() {
    let data =
        format!(r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"session.created"}}"#);
    let body = envelope(&data);
    // serde_json reports the position of the `}` that closes the data object.
    let column = body.find(&data).unwrap() + data.len();
    assert_eq!(column, 200);
    assert_eq!(
        parse_err(&body),
        "session.created: missing field `workspace_id` at line 1 column 200"
    );
    let err = json_error(&body);
    assert!(err.is_data());
    assert_eq!((err.line(), err.column()), (1, 200));

    // The fields only some kinds have.
    let message = parse_err(&envelope(&format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"session.thread_created","workspace_id":"{WORKSPACE}"}}"#
    )));
    assert!(
        message.starts_with(
            "session.thread_created: missing field `session_thread_id` at line 1 column "
        ),
        "{message}"
    );
    let message = parse_err(&envelope(&format!(
        r#"{{"id":"{CREDENTIAL}","organization_id":"{ORG}","type":"vault_credential.refresh_failed","workspace_id":"{WORKSPACE}"}}"#
    )));
    assert!(
        message.starts_with(
            "vault_credential.refresh_failed: missing field `vault_id` at line 1 column "
        ),
        "{message}"
    );
    // Every field of every kind is required.
    for f in fixtures() {
        let data = f.json["data"].as_object().unwrap();
        for field in data.keys().filter(|k| *k != "type") {
            let mut json = f.json.clone();
            json["data"].as_object_mut().unwrap().remove(field);
            let message = parse_err(&json.to_string());
            assert!(
                message.starts_with(&format!(
                    "{}: missing field `{field}` at line 1 column ",
                    f.tag
                )),
                "{}: {message}",
                f.path.display()
            );
        }
    }
}

#[test]
fn wrong_data_field_type_names_the_kind_and_the_field() {
    let data = format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"session.created","workspace_id":5}}"#
    );
    let body = envelope(&data);
    let column = body.find(&data).unwrap() + data.len();
    assert_eq!(
        parse_err(&body),
        format!(
            "session.created: field `workspace_id`: invalid type: integer `5`, expected a string at line 1 column {column}"
        )
    );
    assert!(json_error(&body).is_data());

    let message = parse_err(&envelope(&format!(
        r#"{{"id":null,"organization_id":"{ORG}","type":"session.created","workspace_id":"{WORKSPACE}"}}"#
    )));
    assert!(
        message.starts_with(
            "session.created: field `id`: invalid type: null, expected a string at line 1 column "
        ),
        "{message}"
    );
    let message = parse_err(&envelope(&format!(
        r#"{{"id":"{CREDENTIAL}","organization_id":"{ORG}","type":"vault_credential.deleted","vault_id":["{VAULT}"],"workspace_id":"{WORKSPACE}"}}"#
    )));
    assert!(
        message.starts_with(
            "vault_credential.deleted: field `vault_id`: invalid type: sequence, expected a string"
        ),
        "{message}"
    );
}

#[test]
fn wrong_envelope_type() {
    let body = format!(
        r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","data":{},"type":"events"}}"#,
        session_created_data()
    );
    // The position of the closing quote of the bad value.
    let column = body.len() - 1;
    assert_eq!(
        parse_err(&body),
        format!(
            r#"invalid value: string "events", expected the string "event" at line 1 column {column}"#
        )
    );
    assert!(json_error(&body).is_data());

    for value in [r#""Event""#, r#""""#, "null", "1", r#"["event"]"#] {
        let body = format!(
            r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","data":{},"type":{value}}}"#,
            session_created_data()
        );
        let message = parse_err(&body);
        assert!(
            message.contains(r#"expected the string "event""#),
            "{value}: {message}"
        );
    }
}

#[test]
fn missing_envelope_fields() {
    let data = session_created_data();
    let cases = [
        (
            "id",
            format!(r#"{{"created_at":"{CREATED_AT}","data":{data},"type":"event"}}"#),
        ),
        (
            "created_at",
            format!(r#"{{"id":"{EVENT_ID}","data":{data},"type":"event"}}"#),
        ),
        (
            "data",
            format!(r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","type":"event"}}"#),
        ),
        (
            "type",
            format!(r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","data":{data}}}"#),
        ),
    ];
    for (field, body) in cases {
        let column = body.len();
        assert_eq!(
            parse_err(&body),
            format!("missing field `{field}` at line 1 column {column}"),
            "{body}"
        );
    }
}

#[test]
fn bad_timestamps() {
    for value in [
        r#""yesterday""#,
        r#""2026-13-45T10:00:00Z""#,
        r#""2026-03-15 10:00:00""#,
        r#""2026-03-15T25:00:00Z""#,
        r#""""#,
        "1773568800",
        "null",
    ] {
        let body = format!(
            r#"{{"id":"{EVENT_ID}","created_at":{value},"data":{},"type":"event"}}"#,
            session_created_data()
        );
        let message = parse_err(&body);
        let err = json_error(&body);
        assert!(err.is_data(), "{value}: {message}");
        assert_eq!(err.line(), 1, "{value}");
        assert!(
            message.ends_with(&format!(" at line 1 column {}", err.column())),
            "{message}"
        );
    }
    // An offset other than `Z` is a valid RFC 3339 timestamp: accepted, written back in UTC.
    let body = format!(
        r#"{{"id":"{EVENT_ID}","created_at":"2026-03-15T11:00:00+01:00","data":{},"type":"event"}}"#,
        session_created_data()
    );
    let event = parse_ok(&body);
    assert_eq!(event.created_at, CREATED_AT.parse().unwrap());
    assert_eq!(to_value(&event)["created_at"], CREATED_AT);
}

#[test]
fn data_must_be_an_object() {
    for (value, found) in [
        (r#""session.created""#, r#"string "session.created""#),
        (r#"["session.created"]"#, "sequence"),
        ("[]", "sequence"),
        ("42", "integer `42`"),
        ("true", "boolean `true`"),
        ("null", "null"),
    ] {
        let body = envelope(value);
        let message = parse_err(&body);
        assert!(
            message.starts_with(&format!(
                "invalid type: {found}, expected an object `beta_webhook_event_data` tagged by `type` at line 1 column "
            )),
            "{value}: {message}"
        );
        assert!(json_error(&body).is_data());
    }
}

#[test]
fn data_type_must_be_present_and_a_string() {
    let data =
        format!(r#"{{"id":"{SESSION}","organization_id":"{ORG}","workspace_id":"{WORKSPACE}"}}"#);
    let body = envelope(&data);
    let column = body.find(&data).unwrap() + data.len();
    assert_eq!(
        parse_err(&body),
        format!("missing field `type` at line 1 column {column}")
    );
    assert_eq!(
        parse_err(&envelope("{}")),
        format!(
            "missing field `type` at line 1 column {}",
            envelope("{}").find("{}").unwrap() + 2
        )
    );
    for value in [
        "null",
        "5",
        r#"["session.created"]"#,
        r#"{"name":"session.created"}"#,
    ] {
        let message = parse_err(&envelope(&format!(
            r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":{value},"workspace_id":"{WORKSPACE}"}}"#
        )));
        assert!(
            message.starts_with("invalid type: ") && message.contains("expected a string"),
            "{value}: {message}"
        );
    }
}

#[test]
fn duplicate_fields_are_rejected() {
    let cases = [
        (
            "id",
            envelope(&format!(
                r#"{{"id":"{SESSION}","id":"{SESSION}","organization_id":"{ORG}","type":"session.created","workspace_id":"{WORKSPACE}"}}"#
            )),
        ),
        (
            "workspace_id",
            envelope(&format!(
                r#"{{"workspace_id":"a","id":"{SESSION}","organization_id":"{ORG}","type":"session.created","workspace_id":"{WORKSPACE}"}}"#
            )),
        ),
        (
            "type",
            envelope(&format!(
                r#"{{"type":"session.created","id":"{SESSION}","organization_id":"{ORG}","type":"session.created","workspace_id":"{WORKSPACE}"}}"#
            )),
        ),
        (
            "type",
            envelope(&format!(
                r#"{{"type":"session.created","id":"{SESSION}","type":"session.deleted","organization_id":"{ORG}","workspace_id":"{WORKSPACE}"}}"#
            )),
        ),
        (
            "id",
            envelope(r#"{"type":"session.paused","id":"a","id":"b"}"#),
        ),
        (
            "id",
            format!(
                r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","id":"{EVENT_ID}","data":{},"type":"event"}}"#,
                session_created_data()
            ),
        ),
        (
            "created_at",
            format!(
                r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","created_at":"{CREATED_AT}","data":{},"type":"event"}}"#,
                session_created_data()
            ),
        ),
        (
            "data",
            format!(
                r#"{{"id":"{EVENT_ID}","created_at":"{CREATED_AT}","data":{d},"data":{d},"type":"event"}}"#,
                d = session_created_data()
            ),
        ),
        (
            "type",
            format!(
                r#"{{"type":"event","id":"{EVENT_ID}","created_at":"{CREATED_AT}","data":{},"type":"event"}}"#,
                session_created_data()
            ),
        ),
    ];
    for (field, body) in cases {
        let message = parse_err(&body);
        assert!(
            message.starts_with(&format!("duplicate field `{field}` at line 1 column ")),
            "{body}: {message}"
        );
    }
}

#[test]
fn malformed_json() {
    let good = envelope(&session_created_data());
    for body in [
        "",
        " ",
        "{",
        "null",
        "[]",
        r#""event""#,
        &good[..good.len() - 1],
        &format!("{good} x"),
        &format!("{good}{good}"),
        &good.replace(r#""type":"event""#, r#""type":"event","#),
    ] {
        let message = parse_err(body);
        assert!(message.contains(" at line "), "{body:?}: {message}");
    }
    // Trailing whitespace is fine.
    parse_ok(&format!("{good} \n"));
}

#[test]
fn invalid_utf8_is_reported_with_its_offset() {
    let good = envelope(&session_created_data());
    // A lone continuation byte inside the event id.
    let mut body = good.clone().into_bytes();
    body[10] = 0xFF;
    let err = BetaWebhookEvent::parse(&body).unwrap_err();
    assert!(
        matches!(err, ParseError::InvalidUtf8 { valid_up_to: 10 }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "body is not valid UTF-8 (invalid byte at offset 10)"
    );
    assert!(std::error::Error::source(&err).is_none());
    assert!(matches!(
        BetaWebhookEvent::parse_strict(&body),
        Err(ParseError::InvalidUtf8 { valid_up_to: 10 })
    ));

    // A truncated multi-byte sequence at the end, and one inside an unknown kind's data.
    let mut truncated = good.clone().into_bytes();
    truncated.extend_from_slice(&[0xE2, 0x82]);
    assert!(matches!(
        BetaWebhookEvent::parse(&truncated),
        Err(ParseError::InvalidUtf8 { valid_up_to }) if valid_up_to == good.len()
    ));
    let unknown = envelope(r#"{"type":"session.paused","note":"caf__"}"#);
    let at = unknown.find("__").unwrap();
    let mut bytes = unknown.into_bytes();
    bytes[at..at + 2].copy_from_slice(&[0xC3, 0x28]);
    assert!(matches!(
        BetaWebhookEvent::parse(&bytes),
        Err(ParseError::InvalidUtf8 { valid_up_to }) if valid_up_to == at
    ));

    // Valid non-ASCII text is fine, in known and unknown kinds alike.
    let data = format!(
        r#"{{"id":"{SESSION}","organization_id":"{ORG}","type":"session.created","workspace_id":"{WORKSPACE}","note":"café ☕ 𝄞"}}"#
    );
    assert_eq!(parse_ok(&envelope(&data)), session_created_event());
    let event = parse_ok(&envelope(r#"{"type":"session.paused","note":"café ☕ 𝄞"}"#));
    let Data::Unknown(d) = &event.data else {
        panic!("not Unknown");
    };
    assert_eq!(d.get_str("note"), Some("café ☕ 𝄞"));
}

#[test]
fn json_errors_expose_the_serde_json_error() {
    let body = envelope(r#"{"type":"session.created"}"#);
    let err = BetaWebhookEvent::parse(body.as_bytes()).unwrap_err();
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.to_string(), err.to_string());
    assert!(source.is::<serde_json::Error>());
}

#[test]
fn parse_and_from_json_str_agree() {
    let mut bodies: Vec<String> = fixtures()
        .into_iter()
        .map(|f| String::from_utf8(f.body).unwrap())
        .collect();
    bodies.extend([
        SDK_PAYLOAD.to_owned(),
        envelope(r#"{"type":"session.paused","id":5}"#),
        envelope(r#"{"type":"session.created"}"#),
        envelope(r#""session.created""#),
        envelope("[]"),
        envelope(r#"{"id":"x"}"#),
        SDK_PAYLOAD.replace(r#""type":"event""#, r#""type":"events""#),
        SDK_PAYLOAD.replace(CREATED_AT, "not a time"),
        SDK_PAYLOAD.replace(r#""id":"sesn"#, r#""id":"x","id":"sesn"#),
        String::new(),
        "{".to_owned(),
    ]);
    for body in &bodies {
        let from_bytes = BetaWebhookEvent::parse(body.as_bytes());
        let from_str = BetaWebhookEvent::from_json_str(body);
        let std_str = body.parse::<BetaWebhookEvent>();
        match (from_bytes, from_str, std_str) {
            (Ok(a), Ok(b), Ok(c)) => {
                assert_eq!(a, b, "{body}");
                assert_eq!(a, c, "{body}");
            }
            (Err(a), Err(b), Err(c)) => {
                assert_eq!(a.to_string(), b.to_string(), "{body}");
                assert_eq!(a.to_string(), c.to_string(), "{body}");
            }
            (a, b, c) => panic!("entry points disagree on {body}: {a:?} / {b:?} / {c:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The kind enum
// ---------------------------------------------------------------------------------------------

#[test]
fn all_kinds_in_spec_order() {
    assert_eq!(Kind::ALL.len(), 22);
    assert_eq!(Kind::ALL[0], Kind::SessionCreated);
    assert_eq!(Kind::ALL[0].as_str(), "session.created");
    assert_eq!(Kind::ALL[21], Kind::VaultCredentialRefreshFailed);
    assert_eq!(Kind::ALL[21].as_str(), "vault_credential.refresh_failed");
    let tags: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(tags, SPEC_TAGS);
    // No duplicates, and `Ord` follows spec order.
    assert!(Kind::ALL.windows(2).all(|w| w[0] < w[1]), "{:?}", Kind::ALL);
}

#[test]
fn kinds_round_trip_through_strings() {
    for &kind in Kind::ALL {
        let tag = kind.as_str();
        assert_eq!(kind.to_string(), tag);
        assert_eq!(format!("{kind}"), tag);
        assert_eq!(tag.parse::<Kind>(), Ok(kind));
        assert_eq!(tag.parse::<Kind>().unwrap().as_str(), tag);
        assert_eq!(serde_json::to_value(kind).unwrap(), Value::from(tag));
    }
    assert_eq!(
        Kind::VaultCredentialRefreshFailed.to_string(),
        "vault_credential.refresh_failed"
    );
    // `as_str` is usable in constants.
    const TAG: &str = Kind::SessionThreadCreated.as_str();
    assert_eq!(TAG, "session.thread_created");
}

#[test]
fn unknown_kind_strings_do_not_parse() {
    let err: UnknownKindError = "session.paused".parse::<Kind>().unwrap_err();
    assert_eq!(
        err,
        UnknownKindError {
            tag: "session.paused".to_owned()
        }
    );
    assert_eq!(err.to_string(), "unknown event type `session.paused`");
    let _: &dyn std::error::Error = &err;
    for s in [
        "",
        "event",
        "SessionCreated",
        "session.Created",
        "vault_credential",
    ] {
        assert_eq!(s.parse::<Kind>().unwrap_err().tag, s);
    }
}

// ---------------------------------------------------------------------------------------------
// Accessors
// ---------------------------------------------------------------------------------------------

#[test]
fn accessors_by_kind() {
    for f in fixtures() {
        let event = BetaWebhookEvent::parse(&f.body).unwrap();
        let data = &event.data;
        assert!(!data.id().is_empty());
        assert_eq!(data.organization_id(), ORG, "{}", f.tag);
        assert_eq!(data.workspace_id(), WORKSPACE, "{}", f.tag);
        let expected_id_prefix = match f.tag.split('.').next().unwrap() {
            "session" => "sesn_",
            "vault" => "vlt_",
            "vault_credential" => "vcrd_",
            other => panic!("unexpected family {other}"),
        };
        assert!(
            data.id().starts_with(expected_id_prefix),
            "{}: {}",
            f.tag,
            data.id()
        );

        if f.tag.starts_with("session.thread_") {
            let thread = data.session_thread_id().unwrap();
            assert!(thread.starts_with("sthr_"), "{}", f.tag);
        } else {
            assert_eq!(data.session_thread_id(), None, "{}", f.tag);
        }
        if f.tag.starts_with("vault_credential.") {
            assert_eq!(data.vault_id(), Some(VAULT), "{}", f.tag);
        } else {
            assert_eq!(data.vault_id(), None, "{}", f.tag);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The visitor
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Counter {
    created: usize,
    refresh_failed: usize,
    other: usize,
    other_tags: Vec<String>,
}

impl BetaWebhookEventVisitor for Counter {
    type Output = &'static str;

    fn visit_other(&mut self, event: &BetaWebhookEvent) -> &'static str {
        self.other += 1;
        self.other_tags.push(event.data.type_str().to_owned());
        "other"
    }

    fn visit_session_created(
        &mut self,
        event: &BetaWebhookEvent,
        data: &BetaWebhookSessionCreatedEventData,
    ) -> &'static str {
        assert_eq!(event.data, Data::SessionCreated(data.clone()));
        self.created += 1;
        "created"
    }

    fn visit_vault_credential_refresh_failed(
        &mut self,
        event: &BetaWebhookEvent,
        data: &BetaWebhookVaultCredentialRefreshFailedEventData,
    ) -> &'static str {
        assert_eq!(event.data.vault_id(), Some(data.vault_id.as_str()));
        self.refresh_failed += 1;
        "refresh_failed"
    }
}

#[test]
fn visitor_calls_the_overridden_methods_and_falls_back_to_visit_other() {
    let mut counter = Counter::default();
    let mut outputs = BTreeMap::new();
    for f in fixtures() {
        let event = BetaWebhookEvent::parse(&f.body).unwrap();
        outputs.insert(f.tag.clone(), event.accept(&mut counter));
    }
    assert_eq!(counter.created, 1);
    assert_eq!(counter.refresh_failed, 1);
    assert_eq!(counter.other, Kind::ALL.len() - 2);
    assert_eq!(outputs["session.created"], "created");
    assert_eq!(outputs["vault_credential.refresh_failed"], "refresh_failed");
    assert_eq!(outputs["session.pending"], "other");
    assert_eq!(outputs.values().filter(|o| **o == "other").count(), 20);
    assert!(!counter.other_tags.contains(&"session.created".to_owned()));

    // `visit_unknown` falls through to `visit_other` by default.
    let unknown = parse_ok(&envelope(r#"{"type":"session.paused","id":"sesn_1"}"#));
    assert_eq!(unknown.accept(&mut counter), "other");
    assert_eq!(counter.other, Kind::ALL.len() - 1);
    assert_eq!(counter.other_tags.last().unwrap(), "session.paused");
}

/// A visitor with another `Output`, overriding `visit_unknown` and a thread kind.
struct Describe;

impl BetaWebhookEventVisitor for Describe {
    type Output = String;

    fn visit_other(&mut self, event: &BetaWebhookEvent) -> String {
        format!("other {}", event.data.type_str())
    }

    fn visit_session_thread_created(
        &mut self,
        event: &BetaWebhookEvent,
        data: &BetaWebhookSessionThreadCreatedEventData,
    ) -> String {
        format!("thread {} in {}", data.session_thread_id, event.data.id())
    }

    fn visit_unknown(&mut self, event: &BetaWebhookEvent, data: &UnknownEventData) -> String {
        assert_eq!(event.data.type_str(), data.tag);
        format!("unknown {} with {} fields", data.tag, data.raw.len())
    }
}

#[test]
fn visitor_output_and_visit_unknown_are_the_visitors_choice() {
    let thread = BetaWebhookEvent::parse(&fixture("session.thread_created").body).unwrap();
    assert_eq!(
        thread.accept(&mut Describe),
        format!("thread {THREAD} in {}", thread.data.id())
    );
    let idled = parse_ok(SDK_PAYLOAD);
    assert_eq!(idled.accept(&mut Describe), "other session.status_idled");
    let unknown = parse_ok(&envelope(r#"{"type":"session.paused","id":"sesn_1"}"#));
    assert_eq!(
        unknown.accept(&mut Describe),
        "unknown session.paused with 2 fields"
    );
}

#[test]
fn visitor_works_as_a_trait_object() {
    let mut counter = Counter::default();
    let visitor: &mut dyn BetaWebhookEventVisitor<Output = &'static str> = &mut counter;
    let event = parse_ok(&envelope(&session_created_data()));
    assert_eq!(event.accept(visitor), "created");
    assert_eq!(counter.created, 1);
}

// ---------------------------------------------------------------------------------------------
// `UnwrapWebhookEvent`
// ---------------------------------------------------------------------------------------------

fn takes_unwrap(event: UnwrapWebhookEvent) -> BetaWebhookEvent {
    event
}

fn takes_beta(event: BetaWebhookEvent) -> UnwrapWebhookEvent {
    event
}

#[test]
fn unwrap_webhook_event_is_the_beta_event() {
    assert_eq!(
        TypeId::of::<UnwrapWebhookEvent>(),
        TypeId::of::<BetaWebhookEvent>()
    );
    let event: UnwrapWebhookEvent = UnwrapWebhookEvent::parse(SDK_PAYLOAD.as_bytes()).unwrap();
    let beta = takes_unwrap(event.clone());
    assert_eq!(takes_beta(beta), event);
    assert_eq!(event.data.kind(), Some(Kind::SessionStatusIdled));
}
