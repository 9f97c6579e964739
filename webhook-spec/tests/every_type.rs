//! A spec with a field of every supported type reads to exactly the model built by hand.

use webhook_spec::model::{Discriminator, Tag};
use webhook_spec::{Field, ObjectType, Pos, Spec, Type, TypeDef, UnionType};

const FIXTURE: &str = "tests/fixtures/every_type.md";

fn read() -> Spec {
    let path = format!("{}/{FIXTURE}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("the fixture is readable");
    match webhook_spec::read(FIXTURE, &text) {
        Ok(spec) => spec,
        Err(problems) => panic!("{problems}"),
    }
}

/// The spec with every position cleared, so that it can be compared with one built by hand.
fn without_positions(mut spec: Spec) -> Spec {
    fn clear(ty: &mut Type) {
        match ty {
            Type::Object(object) => {
                for field in &mut object.fields {
                    field.pos = Pos::default();
                    clear(&mut field.ty);
                }
            }
            Type::Union(union) => union.members.iter_mut().for_each(clear),
            Type::Optional { of } | Type::Array { of } | Type::Map { of } => clear(of),
            _ => {}
        }
    }
    for def in &mut spec.types {
        def.pos = Pos::default();
        def.also_defined_at.clear();
        clear(&mut def.ty);
    }
    spec
}

fn field(name: &str, ty: Type) -> Field {
    Field::new(name, ty, Pos::default())
}

fn described(name: &str, ty: Type, description: &str) -> Field {
    Field {
        description: Some(description.into()),
        ..field(name, ty)
    }
}

fn object(fields: Vec<Field>) -> Type {
    Type::Object(ObjectType { fields })
}

fn literal(value: &str) -> Type {
    Type::Literal {
        value: value.into(),
    }
}

fn optional(of: Type) -> Type {
    Type::Optional { of: Box::new(of) }
}

fn plain_union(members: Vec<Type>) -> Type {
    Type::Union(UnionType {
        members,
        discriminator: None,
    })
}

/// A discriminated union of references: `(tag, member)` pairs.
fn tagged_union(kinds: &[(&str, &str)]) -> Type {
    Type::Union(UnionType {
        members: kinds.iter().map(|(_, m)| Type::reference(*m)).collect(),
        discriminator: Some(Discriminator {
            field: "type".into(),
            tags: kinds
                .iter()
                .map(|(value, member)| Tag {
                    value: (*value).into(),
                    member: (*member).into(),
                })
                .collect(),
        }),
    })
}

fn def(name: &str, section: Option<&str>, description: Option<&str>, ty: Type) -> TypeDef {
    TypeDef {
        section: section.map(Into::into),
        description: description.map(Into::into),
        ..TypeDef::new(name, ty, Pos::default())
    }
}

const SESSION: (&str, &str) = ("session.created", "beta_webhook_session_created_event_data");
const VAULT: (&str, &str) = ("vault.created", "beta_webhook_vault_created_event_data");
const SINK: (&str, &str) = ("kitchen.sink", "beta_webhook_kitchen_sink_event_data");

fn expected() -> Spec {
    let kitchen_sink = object(vec![
        described(
            "type",
            literal("kitchen.sink"),
            "The 23rd kind: one field of every supported type.",
        ),
        field("text", Type::String),
        field("ratio", Type::Number),
        field("count", Type::Integer),
        field("enabled", Type::Boolean),
        field("mode", plain_union(vec![literal("fast"), literal("slow")])),
        described(
            "note",
            optional(Type::String),
            "May be absent.\n\nWhen present, it is short.",
        ),
        field(
            "labels",
            Type::Array {
                of: Box::new(Type::String),
            },
        ),
        field(
            "metadata",
            Type::Map {
                of: Box::new(Type::Integer),
            },
        ),
        field("owner", Type::reference("beta_webhook_owner")),
        field(
            "limits",
            object(vec![
                field("soft", Type::Integer),
                field("hard", optional(Type::Integer)),
            ]),
        ),
        field(
            "value",
            plain_union(vec![Type::String, Type::Number, Type::Boolean]),
        ),
        field("related", tagged_union(&[SESSION, VAULT])),
        field(
            "history",
            optional(Type::Array {
                of: Box::new(Type::Map {
                    of: Box::new(Type::reference("beta_webhook_owner")),
                }),
            }),
        ),
    ]);
    Spec {
        title: Some("Webhooks".into()),
        types: vec![
            def(
                "beta_webhook_event",
                Some("Beta Webhook Event"),
                Some("The envelope of every webhook."),
                object(vec![
                    described("id", Type::String, "Unique event identifier."),
                    field("data", tagged_union(&[SESSION, VAULT, SINK])),
                    described("type", literal("event"), "Always `event`."),
                ]),
            ),
            def(
                SESSION.1,
                None,
                None,
                object(vec![
                    described(
                        "id",
                        Type::String,
                        "ID of the session that triggered the event.",
                    ),
                    field("type", literal(SESSION.0)),
                ]),
            ),
            def(
                VAULT.1,
                None,
                None,
                object(vec![
                    field("id", Type::String),
                    field("type", literal(VAULT.0)),
                ]),
            ),
            def(SINK.1, None, None, kitchen_sink),
            def(
                "beta_webhook_owner",
                Some("Beta Webhook Owner"),
                Some("An owner of things."),
                object(vec![
                    field("id", Type::String),
                    field(
                        "kind",
                        plain_union(vec![literal("user"), literal("service")]),
                    ),
                ]),
            ),
        ],
    }
}

#[test]
fn reads_every_type_into_the_expected_model() {
    assert_eq!(without_positions(read()), expected());
}

#[test]
fn the_new_kind_is_the_third_tag() {
    let spec = read();
    let tags: Vec<(&str, &str)> = spec
        .event_tags()
        .iter()
        .map(|t| (t.value.as_str(), t.member.as_str()))
        .collect();
    assert_eq!(tags, [SESSION, VAULT, SINK]);
}

#[test]
fn positions_point_at_names() {
    let spec = read();
    let positions: Vec<(&str, Pos)> = spec
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.pos))
        .collect();
    assert_eq!(
        positions,
        [
            ("beta_webhook_event", Pos::new(9, 4)),
            (SESSION.1, Pos::new(17, 8)),
            (VAULT.1, Pos::new(25, 8)),
            (SINK.1, Pos::new(31, 8)),
            ("beta_webhook_owner", Pos::new(79, 4)),
        ]
    );
    let sink = spec.get(SINK.1).expect("defined");
    let Type::Object(object) = &sink.ty else {
        panic!("not an object")
    };
    let history = object.field("history").expect("a history field");
    assert_eq!(history.pos, Pos::new(69, 10));
    let Some(Type::Object(limits)) = object.field("limits").map(|f| &f.ty) else {
        panic!("limits is not an object")
    };
    let nested: Vec<Pos> = limits.fields.iter().map(|f| f.pos).collect();
    assert_eq!(nested, [Pos::new(61, 12), Pos::new(63, 12)]);
}
