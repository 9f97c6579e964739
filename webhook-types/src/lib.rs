//! Typed, verified Anthropic webhook events, generated at compile time from `spec/webhooks.md`.
//!
//! (Crate docs are completed with the generated API.)

extern crate self as webhook_types;

#[doc(hidden)]
pub mod de;
mod parse;
mod unknown;
pub use parse::ParseError;
pub use unknown::{UnknownEventData, UnknownKindError};

mod headers;
pub use headers::HeaderSource;

#[cfg(feature = "verify")]
mod verify;
#[cfg(feature = "verify")]
pub use verify::{SecretError, VerifyError, Webhook};

#[cfg(feature = "verify")]
mod unwrap;
#[cfg(feature = "verify")]
pub use unwrap::{WebhookError, parse_unverified};

#[cfg(feature = "axum")]
pub mod axum;

/// Re-exports used by generated code. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::de;
    pub use crate::parse::from_bytes;
    pub use jiff;
    pub use serde;
    pub use serde_json;
}

#[doc(hidden)]
pub use webhook_macros::__handler_impl;
pub use webhook_macros::{generate, webhook_handler};

generate!("../spec/webhooks.md");
