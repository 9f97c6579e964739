//! The data of an event kind the spec does not define (yet).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The data of an event whose `type` tag this crate's spec does not know.
///
/// The API adds event kinds often; a receiver built against an older spec keeps working and
/// receives them as this: the tag plus the whole raw JSON object (including the tag), which
/// serializes back unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEventData {
    /// The `type` tag, for example `session.paused`.
    pub tag: String,
    /// The whole `data` object as received, `type` included.
    pub raw: Map<String, Value>,
}

impl UnknownEventData {
    /// The tag of the unknown kind.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// A field of the raw object.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.raw.get(field)
    }

    /// A string field of the raw object.
    pub fn get_str(&self, field: &str) -> Option<&str> {
        self.raw.get(field).and_then(Value::as_str)
    }
}

impl Serialize for UnknownEventData {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

impl<'de> Deserialize<'de> for UnknownEventData {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Map::deserialize(d)?;
        let tag = match raw.get("type") {
            Some(Value::String(tag)) => tag.clone(),
            _ => return Err(serde::de::Error::missing_field("type")),
        };
        Ok(UnknownEventData { tag, raw })
    }
}

/// A string that names no event kind of the spec (from a kind enum's `FromStr`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKindError {
    /// The string that was parsed.
    pub tag: String,
}

impl std::fmt::Display for UnknownKindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown event type `{}`", self.tag)
    }
}

impl std::error::Error for UnknownKindError {}
