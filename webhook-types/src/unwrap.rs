//! Verify-then-parse, the equivalent of the official SDKs' `client.beta.webhooks.unwrap`.

use std::fmt;

use crate::headers::HeaderSource;
use crate::verify::{VerifyError, Webhook};
use crate::{BetaWebhookEvent, ParseError};

impl Webhook {
    /// Verifies a delivery and parses it into a typed event: what a webhook endpoint should
    /// call on every request, with the raw body bytes and the request headers.
    ///
    /// ```no_run
    /// use webhook_types::Webhook;
    ///
    /// let webhook = Webhook::from_env()?; // once, at startup
    /// # let (body, id, timestamp, signature) = (b"{}".as_slice(), "msg_1", "1700000000", "v1,");
    /// // per request: the raw body bytes and the headers (any `HeaderSource`,
    /// // e.g. `&http::HeaderMap` with the `http` feature)
    /// let headers = [
    ///     ("webhook-id", id),
    ///     ("webhook-timestamp", timestamp),
    ///     ("webhook-signature", signature),
    /// ];
    /// let event = webhook.unwrap(body, headers)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`WebhookError::Verify`] if the signature or timestamp check fails (respond 401 and do
    /// not look at the body); [`WebhookError::Parse`] if a genuine delivery does not parse
    /// (respond 400).
    pub fn unwrap(
        &self,
        body: &[u8],
        headers: impl HeaderSource,
    ) -> Result<BetaWebhookEvent, WebhookError> {
        self.verify(body, headers)?;
        Ok(BetaWebhookEvent::parse(body)?)
    }

    /// As [`Webhook::unwrap`], with the current time given as Unix seconds (for tests and
    /// replays of recorded deliveries).
    ///
    /// # Errors
    ///
    /// As [`Webhook::unwrap`].
    pub fn unwrap_at(
        &self,
        body: &[u8],
        headers: impl HeaderSource,
        now: i64,
    ) -> Result<BetaWebhookEvent, WebhookError> {
        self.verify_at(body, headers, now)?;
        Ok(BetaWebhookEvent::parse(body)?)
    }
}

/// Parses a webhook body **without checking its signature**.
///
/// Only for bodies that were already verified (for example verified with [`Webhook::verify`]
/// at the edge, then queued as raw bytes) or that come from a trusted store. On a request
/// from the network, use [`Webhook::unwrap`]: anyone can send a forged body to a public
/// endpoint.
///
/// # Errors
///
/// A [`ParseError`] if the body is not a webhook event of the expected shape.
pub fn parse_unverified(body: &[u8]) -> Result<BetaWebhookEvent, ParseError> {
    BetaWebhookEvent::parse(body)
}

/// Why [`Webhook::unwrap`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The delivery failed verification: the body must not be trusted (HTTP 401).
    Verify(VerifyError),
    /// The delivery is genuine but its body is not an event of the expected shape (HTTP 400).
    Parse(ParseError),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Verify(e) => write!(f, "webhook verification failed: {e}"),
            WebhookError::Parse(e) => write!(f, "verified webhook body does not parse: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Verify(e) => Some(e),
            WebhookError::Parse(e) => Some(e),
        }
    }
}

impl From<VerifyError> for WebhookError {
    fn from(e: VerifyError) -> Self {
        WebhookError::Verify(e)
    }
}

impl From<ParseError> for WebhookError {
    fn from(e: ParseError) -> Self {
        WebhookError::Parse(e)
    }
}
