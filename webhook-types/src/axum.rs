//! [axum](https://docs.rs/axum/0.8) integration (feature `axum`): an extractor that reads the
//! raw body, verifies the signature and parses the event.
//!
//! ```no_run
//! use axum::{Router, routing::post};
//! use webhook_types::{Webhook, axum::VerifiedEvent};
//!
//! async fn on_webhook(VerifiedEvent(event): VerifiedEvent) -> &'static str {
//!     // `event` is genuine and parsed; act on it (idempotently: deliveries can repeat).
//!     # let _ = event;
//!     "ok"
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app: Router = Router::new()
//!     .route("/webhooks/anthropic", post(on_webhook))
//!     .with_state(Webhook::from_env()?);
//! # Ok(()) }
//! ```
//!
//! The state only has to provide a [`Webhook`] through [`FromRef`]. With an application state
//! struct, implement it (or `#[derive(FromRef)]` with axum's `macros` feature):
//!
//! ```
//! use axum::extract::FromRef;
//! use webhook_types::Webhook;
//!
//! #[derive(Clone)]
//! struct AppState {
//!     webhook: Webhook,
//!     // database pools, …
//! }
//!
//! impl FromRef<AppState> for Webhook {
//!     fn from_ref(state: &AppState) -> Webhook {
//!         state.webhook.clone()
//!     }
//! }
//! ```
//!
//! [`Webhook`] is the state (rather than `Arc<Webhook>`) because it is small and holds no heap
//! data: cloning it per request is a memcpy of the precomputed HMAC state.

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;

use ::axum::body::{Body, HttpBody};
use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::http::{HeaderValue, StatusCode, header};
use ::axum::response::{IntoResponse, Response};

use crate::unwrap::WebhookError;
use crate::verify::{VerifyError, Webhook};
use crate::{BetaWebhookEvent, ParseError};

/// The default body size limit of [`VerifiedEvent`]: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// An axum extractor for a verified, parsed webhook event.
///
/// It reads the raw body (at most `MAX_BODY` bytes, default [`DEFAULT_BODY_LIMIT`]), checks
/// the Standard Webhooks signature and timestamp with the [`Webhook`] from the state
/// (`Webhook: FromRef<S>`), then parses the body with `BetaWebhookEvent::parse` (unknown event
/// kinds parse as the `Unknown` variant, so new kinds do not fail).
///
/// It must be the last extractor of the handler (it consumes the body). On failure it
/// responds with [`VerifiedEventRejection`]: 413 if the body is too large, 401 if
/// verification fails, 400 if the body cannot be read or parsed, each with a JSON body
/// `{"error": "<code>", "message": "<what to fix>"}`. To respond differently, take
/// `Result<VerifiedEvent, VerifiedEventRejection>` instead.
///
/// The limit is this extractor's own: axum's `DefaultBodyLimit` layer does not apply to it.
/// Raise it with the const parameter, e.g. `VerifiedEvent<{ 4 * 1024 * 1024 }>`.
pub struct VerifiedEvent<const MAX_BODY: usize = DEFAULT_BODY_LIMIT>(pub BetaWebhookEvent);

impl<const MAX_BODY: usize> VerifiedEvent<MAX_BODY> {
    /// The event.
    pub fn into_inner(self) -> BetaWebhookEvent {
        self.0
    }
}

impl<S, const MAX_BODY: usize> FromRequest<S> for VerifiedEvent<MAX_BODY>
where
    Webhook: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = VerifiedEventRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let webhook = Webhook::from_ref(state);
        let (parts, body) = req.into_parts();
        let body = read_body(body, MAX_BODY).await?;
        match webhook.unwrap(&body, &parts.headers) {
            Ok(event) => Ok(VerifiedEvent(event)),
            Err(WebhookError::Verify(e)) => Err(VerifiedEventRejection::Verify(e)),
            Err(WebhookError::Parse(e)) => Err(VerifiedEventRejection::Parse(e)),
        }
    }
}

/// Reads the whole body, failing as soon as it exceeds `limit` bytes (before reading anything
/// when the declared length is already too large).
async fn read_body(mut body: Body, limit: usize) -> Result<Vec<u8>, VerifiedEventRejection> {
    let too_large = || VerifiedEventRejection::BodyTooLarge { limit };
    let hint = body.size_hint();
    let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
    if hint.lower() > limit_u64 {
        return Err(too_large());
    }
    let capacity = hint
        .upper()
        .and_then(|upper| usize::try_from(upper).ok())
        .unwrap_or(0)
        .min(limit);
    let mut buf = Vec::with_capacity(capacity);
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(VerifiedEventRejection::BodyReadFailed)?;
        if let Ok(data) = frame.into_data() {
            if data.len() > limit - buf.len() {
                return Err(too_large());
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf)
}

/// Why [`VerifiedEvent`] rejected a request. As a response: the status of
/// [`status`](Self::status) and a JSON body `{"error": <code>, "message": <Display text>}`.
#[derive(Debug)]
#[non_exhaustive]
pub enum VerifiedEventRejection {
    /// The body is larger than the extractor's limit (413).
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body could not be read, e.g. the client disconnected (400).
    BodyReadFailed(::axum::Error),
    /// Signature or timestamp verification failed (401).
    Verify(VerifyError),
    /// The delivery is genuine but the body does not parse (400).
    Parse(ParseError),
}

impl VerifiedEventRejection {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            VerifiedEventRejection::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            VerifiedEventRejection::BodyReadFailed(_) | VerifiedEventRejection::Parse(_) => {
                StatusCode::BAD_REQUEST
            }
            VerifiedEventRejection::Verify(_) => StatusCode::UNAUTHORIZED,
        }
    }

    /// The machine-readable code in the response's `error` field: `body_too_large`,
    /// `body_read_failed`, `invalid_body`, or for verification failures `missing_header`,
    /// `invalid_timestamp`, `timestamp_out_of_tolerance`, `malformed_signature` or
    /// `invalid_signature`.
    pub fn code(&self) -> &'static str {
        match self {
            VerifiedEventRejection::BodyTooLarge { .. } => "body_too_large",
            VerifiedEventRejection::BodyReadFailed(_) => "body_read_failed",
            VerifiedEventRejection::Parse(_) => "invalid_body",
            VerifiedEventRejection::Verify(e) => match e {
                VerifyError::MissingHeader(_) => "missing_header",
                VerifyError::InvalidTimestamp => "invalid_timestamp",
                VerifyError::TooOld { .. } | VerifyError::TooNew { .. } => {
                    "timestamp_out_of_tolerance"
                }
                VerifyError::SignatureHeaderTooLong { .. }
                | VerifyError::MalformedSignatureHeader => "malformed_signature",
                VerifyError::NoMatchingSignature => "invalid_signature",
            },
        }
    }
}

impl fmt::Display for VerifiedEventRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifiedEventRejection::BodyTooLarge { limit } => write!(
                f,
                "webhook body is larger than {limit} bytes: raise the limit with \
                 `VerifiedEvent<{{ N }}>` if deliveries are legitimately this large"
            ),
            VerifiedEventRejection::BodyReadFailed(e) => {
                write!(f, "failed to read the webhook body: {e}")
            }
            VerifiedEventRejection::Verify(e) => write!(f, "webhook verification failed: {e}"),
            VerifiedEventRejection::Parse(e) => {
                write!(f, "verified webhook body does not parse: {e}")
            }
        }
    }
}

impl std::error::Error for VerifiedEventRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VerifiedEventRejection::BodyTooLarge { .. } => None,
            VerifiedEventRejection::BodyReadFailed(e) => Some(e),
            VerifiedEventRejection::Verify(e) => Some(e),
            VerifiedEventRejection::Parse(e) => Some(e),
        }
    }
}

impl IntoResponse for VerifiedEventRejection {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": self.code(),
            "message": self.to_string(),
        })
        .to_string();
        (
            self.status(),
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response()
    }
}
