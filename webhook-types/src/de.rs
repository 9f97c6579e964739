//! Small serde building blocks the generated (de)serializers are made of.
//!
//! The generator emits one short `visit_map` per type; everything that does not depend on the
//! spec's content lives here, once, so the generated code stays small and fast to compile.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// Identifies an object key among `names`: `Some(index)`, or `None` for a key to ignore.
pub struct Key(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|n| *n == v))
    }
}

/// Like [`Key`], but an unknown key is returned as an owned string so it can be kept.
pub struct KeepKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeepKey {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeepKey {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self
            .0
            .iter()
            .position(|n| *n == v)
            .ok_or_else(|| v.to_owned()))
    }
}

/// Accepts exactly the string `self.0` (a field whose spec type is a literal).
pub struct Literal(pub &'static str);

impl<'de> DeserializeSeed<'de> for Literal {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Literal {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the string {:?}", self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if v == self.0 {
            Ok(())
        } else {
            Err(E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
}

/// A string borrowed from the input when it has no escapes, owned otherwise.
pub struct CowStr;

impl<'de> DeserializeSeed<'de> for CowStr {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CowStr {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Reads the next value into `slot`, rejecting a second occurrence of the field.
pub fn set<'de, T, A>(slot: &mut Option<T>, map: &mut A, name: &'static str) -> Result<(), A::Error>
where
    T: de::Deserialize<'de>,
    A: MapAccess<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads a literal field, rejecting a second occurrence and any other value.
pub fn set_literal<'de, A>(
    seen: &mut bool,
    map: &mut A,
    name: &'static str,
    value: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
{
    if *seen {
        return Err(de::Error::duplicate_field(name));
    }
    map.next_value_seed(Literal(value))?;
    *seen = true;
    Ok(())
}

/// A required field of a struct: present, or a `missing field` error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// A required literal field of a struct: seen, or a `missing field` error.
pub fn required_literal<E: de::Error>(seen: bool, name: &'static str) -> Result<(), E> {
    if seen {
        Ok(())
    } else {
        Err(E::missing_field(name))
    }
}

/// Takes a required field of union member `tag` out of its buffered slot, converting it to `T`.
/// Errors name the kind and the field.
pub fn take<T: DeserializeOwned, E: de::Error>(
    slot: &mut Option<Value>,
    tag: &str,
    name: &str,
) -> Result<T, E> {
    match slot.take() {
        Some(v) => convert(v, tag, name),
        None => Err(E::custom(format_args!("{tag}: missing field `{name}`"))),
    }
}

/// [`take`] for a `String` field: a buffered JSON string is moved out without going through
/// `Value`'s deserializer; anything else fails with the same error as [`take`].
#[inline]
pub fn take_string<E: de::Error>(
    slot: &mut Option<Value>,
    tag: &str,
    name: &str,
) -> Result<String, E> {
    match slot.take() {
        Some(Value::String(s)) => Ok(s),
        other => not_a_string(other, tag, name),
    }
}

/// The error path of [`take_string`], out of line: [`take`]'s conversion and errors.
#[cold]
#[inline(never)]
fn not_a_string<E: de::Error>(mut v: Option<Value>, tag: &str, name: &str) -> Result<String, E> {
    take(&mut v, tag, name)
}

/// Takes an optional field of union member `tag` out of its buffered slot.
pub fn take_optional<T: DeserializeOwned, E: de::Error>(
    slot: &mut Option<Value>,
    tag: &str,
    name: &str,
) -> Result<Option<T>, E> {
    match slot.take() {
        Some(Value::Null) | None => Ok(None),
        Some(v) => convert(v, tag, name).map(Some),
    }
}

/// Checks a literal field (other than the tag) of union member `tag`.
pub fn take_literal<E: de::Error>(
    slot: &mut Option<Value>,
    tag: &str,
    name: &str,
    value: &'static str,
) -> Result<(), E> {
    match slot.take() {
        Some(Value::String(s)) if s == value => Ok(()),
        Some(other) => Err(E::custom(format_args!(
            "{tag}: field `{name}` must be {value:?}, found {other}"
        ))),
        None => Err(E::custom(format_args!("{tag}: missing field `{name}`"))),
    }
}

fn convert<T: DeserializeOwned, E: de::Error>(v: Value, tag: &str, name: &str) -> Result<T, E> {
    // `Value`'s deserializer hands an owned string over by move: no copy for string fields.
    T::deserialize(v).map_err(|e| E::custom(format_args!("{tag}: field `{name}`: {e}")))
}

/// Rebuilds the raw object of a kind the spec does not know from the buffered known fields
/// (`names[i]` ↔ `slots[i]`), the keys nobody knew, and the tag.
pub fn unknown_object<const N: usize>(
    tag_field: &str,
    tag: String,
    names: &[&'static str],
    slots: [Option<Value>; N],
    extra: Vec<(String, Value)>,
) -> crate::UnknownEventData {
    let mut raw = Map::new();
    raw.insert(tag_field.to_owned(), Value::String(tag.clone()));
    for (name, slot) in names.iter().zip(slots) {
        if let Some(v) = slot {
            raw.insert((*name).to_owned(), v);
        }
    }
    raw.extend(extra);
    crate::UnknownEventData { tag, raw }
}
