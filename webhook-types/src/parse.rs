//! Parsing entry points shared by the generated types.

use std::fmt;

/// Why a webhook body could not be parsed into an event.
#[derive(Debug)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is not UTF-8; JSON must be.
    InvalidUtf8 {
        /// The length of the longest valid UTF-8 prefix.
        valid_up_to: usize,
    },
    /// The body is not JSON of the expected shape. The message names the event kind and the
    /// field where possible (`session.created: missing field `workspace_id` at line 1 column 80`).
    Json(serde_json::Error),
    /// [Strict parsing](crate) met an event kind this spec does not define.
    UnknownKind {
        /// The `type` tag of the event data.
        tag: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::InvalidUtf8 { valid_up_to } => {
                write!(
                    f,
                    "body is not valid UTF-8 (invalid byte at offset {valid_up_to})"
                )
            }
            ParseError::Json(e) => write!(f, "{e}"),
            ParseError::UnknownKind { tag } => write!(
                f,
                "unknown event type `{tag}`: the spec this crate was generated from does not define it"
            ),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParseError::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for ParseError {
    fn from(e: serde_json::Error) -> Self {
        ParseError::Json(e)
    }
}

/// Validates UTF-8 once, then parses with `serde_json::from_str` (which, unlike `from_slice`,
/// does not re-check every string).
#[doc(hidden)]
pub fn from_bytes<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ParseError::InvalidUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    Ok(serde_json::from_str(text)?)
}
