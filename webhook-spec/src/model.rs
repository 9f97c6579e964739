//! The spec model (IR): what a webhook spec says, independent of the format it was written in.
//!
//! A [`Spec`] is an ordered list of named [`TypeDef`]s. Each definition has a [`Type`]: an object
//! with ordered [`Field`]s, a union of other types, a string literal, a primitive, or a reference
//! to another definition. Readers ([`crate::markdown`], [`crate::json`]) produce a `Spec` that may
//! still contradict itself; [`crate::validate`] checks it, merges repeated definitions and fills in
//! the derived facts (discriminators, identical shapes).
//!
//! Source positions are kept for diagnostics but are not part of the JSON form: two specs are
//! equal when they say the same thing, wherever they say it.

/// A 1-based line and column in a spec file. `0:0` means "no position known".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl Pos {
    /// A position at `line`, `column` (both 1-based).
    pub const fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }

    /// Whether this position points somewhere (readers without positions leave `0:0`).
    pub const fn is_known(self) -> bool {
        self.line != 0
    }
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A whole webhook spec: named type definitions in spec order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "json", serde(deny_unknown_fields))]
pub struct Spec {
    /// The document title (`# Webhooks`), if any.
    #[cfg_attr(
        feature = "json",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub title: Option<String>,
    /// Every named type, in the order the spec first defines it. After validation each name
    /// appears once.
    pub types: Vec<TypeDef>,
}

/// One named type definition, such as `beta_webhook_event: object { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "json", serde(deny_unknown_fields))]
pub struct TypeDef {
    /// The name as the spec writes it, in snake case (`beta_webhook_event`).
    pub name: String,
    /// The title of the `###` section that defines it (`Beta Webhook Event`); `None` for a type
    /// only defined inline (for example as a union member).
    #[cfg_attr(
        feature = "json",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub section: Option<String>,
    /// The prose that describes the type, if any.
    #[cfg_attr(
        feature = "json",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub description: Option<String>,
    /// What the type is.
    #[cfg_attr(feature = "json", serde(rename = "type"))]
    pub ty: Type,
    /// Filled in by validation: the name of an earlier definition with exactly the same shape
    /// (fields, types and descriptions), so generators can emit an alias instead of a copy.
    #[cfg_attr(
        feature = "json",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub same_as: Option<String>,
    /// Where the (first) definition starts.
    #[cfg_attr(feature = "json", serde(skip))]
    pub pos: Pos,
    /// Where the same type is defined again (identically, once validated).
    #[cfg_attr(feature = "json", serde(skip))]
    pub also_defined_at: Vec<Pos>,
}

impl TypeDef {
    /// A definition of `name` as `ty` at `pos`, with nothing else known.
    pub fn new(name: impl Into<String>, ty: Type, pos: Pos) -> Self {
        TypeDef {
            name: name.into(),
            section: None,
            description: None,
            ty,
            same_as: None,
            pos,
            also_defined_at: Vec::new(),
        }
    }
}

/// A type expression.
///
/// In JSON each type is an object tagged by `kind`: `{"kind": "string"}`,
/// `{"kind": "literal", "value": "event"}`, `{"kind": "optional", "of": {…}}`,
/// `{"kind": "ref", "name": "beta_webhook_event_data"}`, `{"kind": "object", "fields": […]}`,
/// `{"kind": "union", "members": […]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "json",
    serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Type {
    /// `string`
    String,
    /// `number` (any JSON number).
    Number,
    /// `integer`
    Integer,
    /// `boolean`
    Boolean,
    /// A string literal such as `"event"`: the only value the field may have.
    Literal {
        /// The literal's value, without quotes.
        value: String,
    },
    /// `optional T`: the field may be absent (or `null`).
    Optional {
        /// The type when present.
        of: Box<Type>,
    },
    /// `array of T`
    Array {
        /// The element type.
        of: Box<Type>,
    },
    /// `map[T]`: an object with arbitrary string keys and values of type `T`.
    Map {
        /// The value type.
        of: Box<Type>,
    },
    /// A reference to a named [`TypeDef`], by its snake-case name.
    Ref {
        /// The referenced definition's name.
        name: String,
    },
    /// An object with ordered fields.
    Object(ObjectType),
    /// One of several types.
    Union(UnionType),
}

impl Type {
    /// A reference to the definition called `name`.
    pub fn reference(name: impl Into<String>) -> Self {
        Type::Ref { name: name.into() }
    }

    /// The literal's value if this is a string literal.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            Type::Literal { value } => Some(value),
            _ => None,
        }
    }

    /// A short human description (`string`, `optional array of string`, `BetaWebhookEvent`, …)
    /// used in messages.
    pub fn describe(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::Number => "number".into(),
            Type::Integer => "integer".into(),
            Type::Boolean => "boolean".into(),
            Type::Literal { value } => format!("{value:?}"),
            Type::Optional { of } => format!("optional {}", of.describe()),
            Type::Array { of } => format!("array of {}", of.describe()),
            Type::Map { of } => format!("map[{}]", of.describe()),
            Type::Ref { name } => crate::naming::camel_case(name),
            Type::Object(o) => {
                let names: Vec<&str> = o.fields.iter().map(|f| f.name.as_str()).collect();
                format!("object {{ {} }}", names.join(", "))
            }
            Type::Union(u) => {
                let parts: Vec<String> = u.members.iter().map(Type::describe).collect();
                parts.join(" or ")
            }
        }
    }
}

/// An object type: fields in spec order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "json", serde(deny_unknown_fields))]
pub struct ObjectType {
    /// The fields, in the order the spec lists them.
    pub fields: Vec<Field>,
}

impl ObjectType {
    /// The field called `name`, if any.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The value of the string-literal field `name` (typically the `type` tag), if the object
    /// has one.
    pub fn literal(&self, name: &str) -> Option<&str> {
        self.field(name).and_then(|f| f.ty.as_literal())
    }
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "json", serde(deny_unknown_fields))]
pub struct Field {
    /// The JSON name of the field.
    pub name: String,
    /// The field's type.
    #[cfg_attr(feature = "json", serde(rename = "type"))]
    pub ty: Type,
    /// The prose under the field, if any.
    #[cfg_attr(
        feature = "json",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub description: Option<String>,
    /// Where the field is defined.
    #[cfg_attr(feature = "json", serde(skip))]
    pub pos: Pos,
}

impl Field {
    /// A field `name: ty` at `pos` without a description.
    pub fn new(name: impl Into<String>, ty: Type, pos: Pos) -> Self {
        Field {
            name: name.into(),
            ty,
            description: None,
            pos,
        }
    }
}

/// A union: a value is one of `members`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "json", serde(deny_unknown_fields))]
pub struct UnionType {
    /// The member types in spec order.
    pub members: Vec<Type>,
    /// Filled in by validation when every member is an object with a string-literal field of the
    /// same name (`type`): the union is then *discriminated* by that field.
    #[cfg_attr(
        feature = "json",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub discriminator: Option<Discriminator>,
}

/// How a discriminated union tells its members apart.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "json", serde(deny_unknown_fields))]
pub struct Discriminator {
    /// The JSON field holding the tag (`type`).
    pub field: String,
    /// One tag per member, in spec order.
    pub tags: Vec<Tag>,
}

/// One tag of a discriminated union and the member it selects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "json", serde(deny_unknown_fields))]
pub struct Tag {
    /// The tag's value (`session.created`).
    pub value: String,
    /// The name of the member type it selects (`beta_webhook_session_created_event_data`).
    pub member: String,
}

impl Spec {
    /// The definition called `name`, if any.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Follows references (and `same_as` aliases are *not* followed) until a non-reference type.
    /// Returns `None` for a dangling reference or a reference cycle.
    pub fn resolve<'a>(&'a self, ty: &'a Type) -> Option<&'a Type> {
        let mut current = ty;
        for _ in 0..=self.types.len() {
            match current {
                Type::Ref { name } => current = &self.get(name)?.ty,
                other => return Some(other),
            }
        }
        None
    }

    /// The object a type stands for, following references.
    pub fn object_of<'a>(&'a self, ty: &'a Type) -> Option<&'a ObjectType> {
        match self.resolve(ty)? {
            Type::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Every discriminated union in the spec: the named ones (as `(Some(name), union)`) and
    /// the anonymous ones used as field types (as `(None, union)`), in spec order.
    pub fn discriminated_unions(&self) -> Vec<(Option<&str>, &UnionType)> {
        fn walk<'a>(ty: &'a Type, out: &mut Vec<(Option<&'a str>, &'a UnionType)>) {
            match ty {
                Type::Union(u) => {
                    if u.discriminator.is_some() {
                        out.push((None, u));
                    }
                    u.members.iter().for_each(|m| walk(m, out));
                }
                Type::Object(o) => o.fields.iter().for_each(|f| walk(&f.ty, out)),
                Type::Optional { of } | Type::Array { of } | Type::Map { of } => walk(of, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for def in &self.types {
            match &def.ty {
                Type::Union(u) if u.discriminator.is_some() => {
                    out.push((Some(def.name.as_str()), u));
                    u.members.iter().for_each(|m| walk(m, &mut out));
                }
                other => walk(other, &mut out),
            }
        }
        out
    }

    /// The tags of the first named discriminated union (the spec's event kinds), in spec order.
    pub fn event_tags(&self) -> Vec<&Tag> {
        self.discriminated_unions()
            .into_iter()
            .find(|(name, _)| name.is_some())
            .or_else(|| self.discriminated_unions().into_iter().next())
            .and_then(|(_, u)| u.discriminator.as_ref())
            .map(|d| d.tags.iter().collect())
            .unwrap_or_default()
    }
}
