//! Typed, verified Anthropic webhook events, generated at compile time from `spec/webhooks.md`.
//!
//! (Crate docs are completed with the generated API.)

extern crate self as webhook_types;

mod parse;
pub use parse::ParseError;

/// Re-exports used by generated code. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::parse::from_bytes;
    pub use jiff;
    pub use serde;
    pub use serde_json;
}
