//! The seed spec (`spec/webhooks.md`) reads to exactly the expected model.

use webhook_spec::model::{Discriminator, ObjectType, Tag};
use webhook_spec::{Pos, Spec, Type, TypeDef, UnionType};

/// The 22 event kinds, in the order the seed lists them, with their member types.
const KINDS: [(&str, &str); 22] = [
    ("session.created", "beta_webhook_session_created_event_data"),
    ("session.pending", "beta_webhook_session_pending_event_data"),
    ("session.running", "beta_webhook_session_running_event_data"),
    ("session.idled", "beta_webhook_session_idled_event_data"),
    (
        "session.requires_action",
        "beta_webhook_session_requires_action_event_data",
    ),
    (
        "session.archived",
        "beta_webhook_session_archived_event_data",
    ),
    ("session.deleted", "beta_webhook_session_deleted_event_data"),
    (
        "session.status_rescheduled",
        "beta_webhook_session_status_rescheduled_event_data",
    ),
    (
        "session.status_run_started",
        "beta_webhook_session_status_run_started_event_data",
    ),
    (
        "session.status_idled",
        "beta_webhook_session_status_idled_event_data",
    ),
    (
        "session.status_terminated",
        "beta_webhook_session_status_terminated_event_data",
    ),
    (
        "session.thread_created",
        "beta_webhook_session_thread_created_event_data",
    ),
    (
        "session.thread_idled",
        "beta_webhook_session_thread_idled_event_data",
    ),
    (
        "session.thread_terminated",
        "beta_webhook_session_thread_terminated_event_data",
    ),
    (
        "session.outcome_evaluation_ended",
        "beta_webhook_session_outcome_evaluation_ended_event_data",
    ),
    ("vault.created", "beta_webhook_vault_created_event_data"),
    ("vault.archived", "beta_webhook_vault_archived_event_data"),
    ("vault.deleted", "beta_webhook_vault_deleted_event_data"),
    (
        "vault_credential.created",
        "beta_webhook_vault_credential_created_event_data",
    ),
    (
        "vault_credential.archived",
        "beta_webhook_vault_credential_archived_event_data",
    ),
    (
        "vault_credential.deleted",
        "beta_webhook_vault_credential_deleted_event_data",
    ),
    (
        "vault_credential.refresh_failed",
        "beta_webhook_vault_credential_refresh_failed_event_data",
    ),
];

fn seed() -> Spec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/webhooks.md");
    let text = std::fs::read_to_string(path).expect("the seed spec is readable");
    match webhook_spec::read("spec/webhooks.md", &text) {
        Ok(spec) => spec,
        Err(problems) => panic!("the seed spec is invalid:\n{problems}"),
    }
}

fn def<'s>(spec: &'s Spec, name: &str) -> &'s TypeDef {
    spec.get(name)
        .unwrap_or_else(|| panic!("`{name}` is not defined"))
}

fn object<'s>(spec: &'s Spec, name: &str) -> &'s ObjectType {
    match &def(spec, name).ty {
        Type::Object(o) => o,
        other => panic!("`{name}` is not an object: {other:?}"),
    }
}

fn field_names(object: &ObjectType) -> Vec<&str> {
    object.fields.iter().map(|f| f.name.as_str()).collect()
}

fn description<'o>(object: &'o ObjectType, field: &str) -> Option<&'o str> {
    object
        .field(field)
        .unwrap_or_else(|| panic!("no field `{field}`"))
        .description
        .as_deref()
}

fn expected_discriminator() -> Discriminator {
    Discriminator {
        field: "type".into(),
        tags: KINDS
            .iter()
            .map(|(value, member)| Tag {
                value: (*value).into(),
                member: (*member).into(),
            })
            .collect(),
    }
}

fn expected_union() -> Type {
    Type::Union(UnionType {
        members: KINDS
            .iter()
            .map(|(_, member)| Type::reference(*member))
            .collect(),
        discriminator: Some(expected_discriminator()),
    })
}

#[test]
fn title_and_types_in_first_definition_order() {
    let spec = seed();
    assert_eq!(spec.title.as_deref(), Some("Webhooks"));
    let mut expected = vec!["beta_webhook_event"];
    expected.extend(KINDS.iter().map(|(_, member)| *member));
    expected.extend(["beta_webhook_event_data", "unwrap_webhook_event"]);
    let names: Vec<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, expected);
}

#[test]
fn envelope() {
    let spec = seed();
    let envelope = def(&spec, "beta_webhook_event");
    assert_eq!(envelope.section.as_deref(), Some("Beta Webhook Event"));
    assert_eq!(envelope.description, None);
    assert_eq!(envelope.same_as, None);
    let o = object(&spec, "beta_webhook_event");
    assert_eq!(field_names(o), ["id", "created_at", "data", "type"]);
    let types: Vec<&Type> = o.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types,
        [
            &Type::String,
            &Type::String,
            &expected_union(),
            &Type::Literal {
                value: "event".into()
            }
        ]
    );
    assert_eq!(
        description(o, "id"),
        Some("Unique event identifier for idempotency.")
    );
    assert_eq!(
        description(o, "created_at"),
        Some("RFC 3339 timestamp when the event occurred.")
    );
    assert_eq!(description(o, "data"), None);
    assert_eq!(
        description(o, "type"),
        Some("Object type. Always `event` for webhook payloads.")
    );
}

#[test]
fn event_data_is_a_discriminated_union_of_22_kinds() {
    let spec = seed();
    let data = def(&spec, "beta_webhook_event_data");
    assert_eq!(data.section.as_deref(), Some("Beta Webhook Event Data"));
    assert_eq!(data.ty, expected_union());
    assert_eq!(data.same_as, None);
    let tags: Vec<&str> = spec.event_tags().iter().map(|t| t.value.as_str()).collect();
    assert_eq!(
        tags,
        [
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
        ]
    );
    // Three unions are discriminated: the envelope's `data`, the named union and the unwrap
    // envelope's `data`.
    let unions = spec.discriminated_unions();
    let names: Vec<Option<&str>> = unions.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, [None, Some("beta_webhook_event_data"), None]);
}

#[test]
fn every_kind_has_the_right_fields_and_descriptions() {
    let spec = seed();
    for (tag, member) in KINDS {
        let kind = def(&spec, member);
        let o = object(&spec, member);
        let (fields, id_description, extra): (&[&str], &str, Option<(&str, &str)>) =
            if tag.starts_with("session.thread_") {
                (
                    &[
                        "id",
                        "organization_id",
                        "session_thread_id",
                        "type",
                        "workspace_id",
                    ],
                    "ID of the session that triggered the event.",
                    Some((
                        "session_thread_id",
                        "ID of the session thread this event refers to.",
                    )),
                )
            } else if tag.starts_with("session.") {
                (
                    &["id", "organization_id", "type", "workspace_id"],
                    "ID of the session that triggered the event.",
                    None,
                )
            } else if tag.starts_with("vault_credential.") {
                (
                    &["id", "organization_id", "type", "vault_id", "workspace_id"],
                    "ID of the vault credential that triggered the event.",
                    Some(("vault_id", "ID of the vault that owns this credential.")),
                )
            } else {
                (
                    &["id", "organization_id", "type", "workspace_id"],
                    "ID of the vault that triggered the event.",
                    None,
                )
            };
        assert_eq!(field_names(o), fields, "{member}");
        assert_eq!(o.literal("type"), Some(tag), "{member}");
        for field in &o.fields {
            if field.name != "type" {
                assert_eq!(field.ty, Type::String, "{member}.{}", field.name);
            }
        }
        assert_eq!(description(o, "id"), Some(id_description), "{member}");
        assert_eq!(description(o, "organization_id"), None, "{member}");
        assert_eq!(description(o, "workspace_id"), None, "{member}");
        assert_eq!(description(o, "type"), None, "{member}");
        if let Some((field, text)) = extra {
            assert_eq!(description(o, field), Some(text), "{member}");
        }
        // Defined four times: in the envelope's union, in the named union, in its own section
        // and in the unwrap envelope; the merged definition keeps its own section's title.
        assert_eq!(kind.also_defined_at.len(), 3, "{member}");
        let title: Vec<String> = member
            .split('_')
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(kind.section.as_deref(), Some(title.join(" ").as_str()));
        assert_eq!(kind.description, None, "{member}");
        assert_eq!(kind.same_as, None, "{member}");
    }
}

#[test]
fn unwrap_envelope_is_the_same_as_the_envelope() {
    let spec = seed();
    let unwrap = def(&spec, "unwrap_webhook_event");
    assert_eq!(unwrap.same_as.as_deref(), Some("beta_webhook_event"));
    assert_eq!(unwrap.section.as_deref(), Some("Unwrap Webhook Event"));
    let same: Vec<&str> = spec
        .types
        .iter()
        .filter(|t| t.same_as.is_some())
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(same, ["unwrap_webhook_event"]);
}

#[test]
fn positions_are_exact() {
    let spec = seed();
    // Line 7: "- `beta_webhook_event: object { id, created_at, data, type }`": the name starts
    // after "- `", at column 4.
    let envelope = def(&spec, "beta_webhook_event");
    assert_eq!(envelope.pos, Pos::new(7, 4));
    assert!(envelope.also_defined_at.is_empty());
    let o = object(&spec, "beta_webhook_event");
    let positions: Vec<Pos> = o.fields.iter().map(|f| f.pos).collect();
    // "  - `id: string`" etc.: column 6.
    assert_eq!(
        positions,
        [
            Pos::new(9, 6),
            Pos::new(13, 6),
            Pos::new(17, 6),
            Pos::new(311, 6)
        ]
    );
    // First defined inline in the envelope's `data` union (line 19, "    - `beta_…"), then in
    // the named union (line 319), in its own section (line 627) and in the unwrap envelope
    // (line 961).
    let created = def(&spec, "beta_webhook_session_created_event_data");
    assert_eq!(created.pos, Pos::new(19, 8));
    assert_eq!(
        created.also_defined_at,
        [Pos::new(319, 6), Pos::new(627, 4), Pos::new(961, 8)]
    );
    let created_fields = object(&spec, "beta_webhook_session_created_event_data");
    assert_eq!(created_fields.fields[0].pos, Pos::new(21, 10));
    assert_eq!(def(&spec, "beta_webhook_event_data").pos, Pos::new(317, 4));
    assert_eq!(def(&spec, "unwrap_webhook_event").pos, Pos::new(949, 4));
}
