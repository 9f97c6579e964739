//! [Standard Webhooks](https://www.standardwebhooks.com/) signature verification, the scheme
//! Anthropic webhooks are signed with.
//!
//! The sender signs `{webhook-id}.{webhook-timestamp}.{raw body}` with HMAC-SHA256 and sends
//! `webhook-signature: v1,<base64 MAC>` (several space-separated entries during key rotation).

use std::env::VarError;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::GeneralPurpose;
use base64::engine::general_purpose::{PAD_INDIFFERENT, STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

use crate::headers::HeaderSource;

/// Length of a base64-encoded HMAC-SHA256 (32 bytes → 44 characters, padded).
const SIG_LEN: usize = 44;

/// Decodes the secret: standard alphabet, padding optional, lenient about the unused bits of
/// the last character (as the reference libraries are).
const SECRET_ENGINE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    PAD_INDIFFERENT.with_decode_allow_trailing_bits(true),
);

/// A Standard Webhooks verifier (and signer) for one signing secret.
///
/// Build it once at startup and share it: the key is absorbed into the HMAC state up front, so
/// each verification only hashes the message. It is cheap to clone (no heap data).
///
/// ```
/// use webhook_types::Webhook;
///
/// let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// let body = br#"{"test": 2432232314}"#;
/// let signature = webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
/// let headers = [
///     ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
///     ("webhook-timestamp", "1614265330"),
///     ("webhook-signature", signature.as_str()),
/// ];
/// webhook.verify_at(body, headers, 1614265330)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `Debug` output never shows the key.
#[derive(Clone)]
pub struct Webhook {
    /// HMAC-SHA256 state after absorbing the key; cloned per message.
    keyed: Hmac<Sha256>,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("key", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Webhook {
    /// The header carrying the message id (`webhook-id`), unique per delivery: use it as an
    /// idempotency key.
    pub const ID_HEADER: &'static str = "webhook-id";
    /// The header carrying the send time in Unix seconds (`webhook-timestamp`).
    pub const TIMESTAMP_HEADER: &'static str = "webhook-timestamp";
    /// The header carrying the signatures (`webhook-signature`).
    pub const SIGNATURE_HEADER: &'static str = "webhook-signature";
    /// The environment variable [`Webhook::from_env`] reads, as the official SDKs do.
    pub const SECRET_ENV_VAR: &'static str = "ANTHROPIC_WEBHOOK_SIGNING_KEY";
    /// How far the `webhook-timestamp` may be from the current time, either way: 5 minutes.
    pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);
    /// Longest `webhook-signature` header accepted, in bytes. A real header holds one 47-byte
    /// entry per active key; anything longer than this is rejected before any hashing.
    pub const MAX_SIGNATURE_HEADER_LEN: usize = 4096;

    /// A verifier for a signing secret as shown when the endpoint was created: `whsec_`
    /// followed by the base64 of the key. The bare base64 (without `whsec_`) is accepted too,
    /// padded or not; surrounding whitespace (such as a trailing newline) is ignored.
    ///
    /// # Errors
    ///
    /// [`SecretError::Empty`] if there is no key, [`SecretError::InvalidBase64`] if the
    /// text is not standard base64.
    pub fn new(secret: &str) -> Result<Self, SecretError> {
        let trimmed = secret.trim_ascii_start();
        let leading = secret.len() - trimmed.len();
        let trimmed = trimmed.trim_ascii_end();
        let (encoded, prefix) = match trimmed.strip_prefix("whsec_") {
            Some(rest) => (rest, "whsec_".len()),
            None => (trimmed, 0),
        };
        if encoded.is_empty() {
            return Err(SecretError::Empty);
        }
        let key = SECRET_ENGINE.decode(encoded).map_err(|e| {
            let offset = match e {
                base64::DecodeError::InvalidByte(i, _) => Some(i),
                base64::DecodeError::InvalidLastSymbol { offset, .. } => Some(offset),
                _ => None,
            };
            SecretError::InvalidBase64 {
                offset: offset.map(|i| leading + prefix + i),
            }
        })?;
        Self::from_bytes(&key)
    }

    /// A verifier for a raw key (the bytes the `whsec_` secret encodes).
    ///
    /// # Errors
    ///
    /// [`SecretError::Empty`] if `key` is empty.
    pub fn from_bytes(key: &[u8]) -> Result<Self, SecretError> {
        if key.is_empty() {
            return Err(SecretError::Empty);
        }
        let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
            .expect("HMAC accepts keys of any length");
        Ok(Webhook {
            keyed,
            tolerance: Self::DEFAULT_TOLERANCE,
        })
    }

    /// A verifier for the secret in the environment variable `ANTHROPIC_WEBHOOK_SIGNING_KEY`
    /// ([`Webhook::SECRET_ENV_VAR`]), as the official SDKs read it.
    ///
    /// # Errors
    ///
    /// [`SecretError::MissingEnv`] if the variable is unset or empty,
    /// [`SecretError::EnvNotUnicode`] if it is not Unicode, otherwise as [`Webhook::new`].
    pub fn from_env() -> Result<Self, SecretError> {
        Self::from_env_value(Self::SECRET_ENV_VAR, std::env::var(Self::SECRET_ENV_VAR))
    }

    fn from_env_value(
        var: &'static str,
        value: Result<String, VarError>,
    ) -> Result<Self, SecretError> {
        match value {
            Ok(v) if v.trim_ascii().is_empty() => Err(SecretError::MissingEnv { var }),
            Ok(v) => Self::new(&v),
            Err(VarError::NotPresent) => Err(SecretError::MissingEnv { var }),
            Err(VarError::NotUnicode(_)) => Err(SecretError::EnvNotUnicode { var }),
        }
    }

    /// Sets how far `webhook-timestamp` may be from the current time, in either direction
    /// (default [`Webhook::DEFAULT_TOLERANCE`], 5 minutes). Whole seconds count; the fraction
    /// is ignored. Widening it weakens replay protection.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The timestamp tolerance in use.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Checks that `body` (the raw request body, byte for byte, before any JSON parsing) was
    /// signed with this secret, using the `webhook-id`, `webhook-timestamp` and
    /// `webhook-signature` headers, and that the timestamp is within the tolerance of the
    /// current system time.
    ///
    /// # Errors
    ///
    /// A [`VerifyError`] saying what is wrong; never accept the body in that case.
    pub fn verify(&self, body: &[u8], headers: impl HeaderSource) -> Result<(), VerifyError> {
        self.verify_at(body, headers, unix_now())
    }

    /// As [`Webhook::verify`], with the current time given as Unix seconds (for tests and
    /// replays of recorded deliveries).
    ///
    /// Checks, in order: the three headers are present and non-empty; the signature header is
    /// not absurdly long; the timestamp is an integer within the tolerance of `now`; the
    /// signature header has at least one well-formed `v1,<44 base64 characters>` entry
    /// (other versions such as `v1a,` are skipped); one of them equals the expected MAC,
    /// compared in constant time.
    ///
    /// # Errors
    ///
    /// A [`VerifyError`] saying what is wrong.
    pub fn verify_at(
        &self,
        body: &[u8],
        headers: impl HeaderSource,
        now: i64,
    ) -> Result<(), VerifyError> {
        let msg_id = required(&headers, Self::ID_HEADER)?;
        let timestamp = required(&headers, Self::TIMESTAMP_HEADER)?;
        let signatures = required(&headers, Self::SIGNATURE_HEADER)?;

        if signatures.len() > Self::MAX_SIGNATURE_HEADER_LEN {
            return Err(VerifyError::SignatureHeaderTooLong {
                len: signatures.len(),
            });
        }
        let timestamp: i64 = timestamp
            .trim_ascii()
            .parse()
            .map_err(|_| VerifyError::InvalidTimestamp)?;
        self.check_timestamp(timestamp, now)?;

        // Cheap shape check first, so junk headers cost no hashing; one pass over the header.
        let mut candidates = v1_candidates(signatures).peekable();
        if candidates.peek().is_none() {
            return Err(VerifyError::MalformedSignatureHeader);
        }
        let expected = self.signature(msg_id, timestamp, body);
        for candidate in candidates {
            // Returning on the first match reveals only that some entry matched.
            if bool::from(ct_eq(&expected, candidate)) {
                return Ok(());
            }
        }
        Err(VerifyError::NoMatchingSignature)
    }

    /// The `webhook-signature` header value (`v1,<base64>`) for a message: for tests, and for
    /// sending webhooks in the same scheme.
    pub fn sign(&self, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
        let sig = self.signature(msg_id, timestamp, body);
        let mut out = String::with_capacity(3 + SIG_LEN);
        out.push_str("v1,");
        out.extend(sig.iter().copied().map(char::from));
        out
    }

    fn check_timestamp(&self, timestamp: i64, now: i64) -> Result<(), VerifyError> {
        let tolerance = i128::from(self.tolerance.as_secs());
        let age = i128::from(now) - i128::from(timestamp);
        if age > tolerance {
            Err(VerifyError::TooOld { timestamp, now })
        } else if age < -tolerance {
            Err(VerifyError::TooNew { timestamp, now })
        } else {
            Ok(())
        }
    }

    /// The base64 text of HMAC-SHA256(`{msg_id}.{timestamp}.{body}`), on the stack.
    fn signature(&self, msg_id: &str, timestamp: i64, body: &[u8]) -> [u8; SIG_LEN] {
        let mut digits = [0u8; 20];
        let mut mac = self.keyed.clone();
        mac.update(msg_id.as_bytes());
        mac.update(b".");
        mac.update(format_i64(timestamp, &mut digits));
        mac.update(b".");
        mac.update(body);
        let tag = mac.finalize().into_bytes();
        let mut out = [0u8; SIG_LEN];
        let written = STANDARD
            .encode_slice(tag, &mut out)
            .expect("32 bytes encode to 44 base64 characters");
        debug_assert_eq!(written, SIG_LEN);
        out
    }
}

/// The current time in Unix seconds (negative before 1970, saturating).
fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// A header that must be present and non-empty.
fn required<'h, H: HeaderSource>(
    headers: &'h H,
    name: &'static str,
) -> Result<&'h str, VerifyError> {
    match headers.header(name) {
        Some(v) if !v.trim_ascii().is_empty() => Ok(v),
        _ => Err(VerifyError::MissingHeader(name)),
    }
}

/// The well-formed `v1` signatures in a `webhook-signature` header: space-separated
/// `version,signature` entries, keeping `v1` entries whose signature is 44 bytes long.
///
/// Entries are split at spaces, as the Standard Webhooks libraries do (a `char` pattern is a
/// fast byte search, where `split_ascii_whitespace` tests every byte); runs of spaces and other
/// ASCII whitespace around an entry are ignored.
fn v1_candidates(header: &str) -> impl Iterator<Item = &'_ [u8; SIG_LEN]> {
    header
        .split(' ')
        .filter_map(|entry| entry.trim_ascii().strip_prefix("v1,"))
        .filter_map(|sig| <&[u8; SIG_LEN]>::try_from(sig.as_bytes()).ok())
}

/// Constant-time equality of two signatures: an OR-fold of XORs (no early exit), then
/// `subtle` for the final branch-free test.
fn ct_eq(a: &[u8; SIG_LEN], b: &[u8; SIG_LEN]) -> Choice {
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    diff.ct_eq(&0)
}

/// Formats `n` in decimal into the end of `buf` (20 bytes fit any `i64`).
fn format_i64(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut magnitude = n.unsigned_abs();
    let mut start = buf.len();
    loop {
        start -= 1;
        // `magnitude % 10` is below 10.
        buf[start] = b'0' + (magnitude % 10) as u8;
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    if n < 0 {
        start -= 1;
        buf[start] = b'-';
    }
    &buf[start..]
}

/// Why a webhook delivery failed verification. Every variant means: do not trust the body.
///
/// The `Display` text says what to check or fix.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// A required header (`webhook-id`, `webhook-timestamp` or `webhook-signature`) is absent,
    /// empty, or (for `http::HeaderMap`) not UTF-8.
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not an integer number of seconds.
    InvalidTimestamp,
    /// `webhook-timestamp` is further in the past than the tolerance allows.
    TooOld {
        /// The timestamp from the header (Unix seconds).
        timestamp: i64,
        /// The current time used for the check (Unix seconds).
        now: i64,
    },
    /// `webhook-timestamp` is further in the future than the tolerance allows.
    TooNew {
        /// The timestamp from the header (Unix seconds).
        timestamp: i64,
        /// The current time used for the check (Unix seconds).
        now: i64,
    },
    /// `webhook-signature` is longer than [`Webhook::MAX_SIGNATURE_HEADER_LEN`]; rejected
    /// without hashing.
    SignatureHeaderTooLong {
        /// The header's length in bytes.
        len: usize,
    },
    /// `webhook-signature` has no well-formed `v1,<base64>` entry (it is empty, holds only
    /// other versions, or its `v1` signatures are truncated).
    MalformedSignatureHeader,
    /// No `v1` signature matches the body: wrong secret, or the body or headers were altered.
    NoMatchingSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingHeader(name) => write!(
                f,
                "missing header `{name}`: is the request coming from the webhook sender, and does \
                 your proxy forward it?"
            ),
            VerifyError::InvalidTimestamp => f.write_str(
                "header `webhook-timestamp` is not an integer (Unix seconds): the request was \
                 not produced by a Standard Webhooks sender, or was altered",
            ),
            VerifyError::TooOld { timestamp, now } => write!(
                f,
                "timestamp is {} s older than now: replayed delivery, or the server clock is wrong",
                i128::from(*now) - i128::from(*timestamp)
            ),
            VerifyError::TooNew { timestamp, now } => write!(
                f,
                "timestamp is {} s ahead of now: the server clock is probably behind (check NTP), \
                 or the delivery is forged",
                i128::from(*timestamp) - i128::from(*now)
            ),
            VerifyError::SignatureHeaderTooLong { len } => write!(
                f,
                "header `webhook-signature` is {len} bytes long (limit {}): not a delivery from \
                 the webhook sender",
                Webhook::MAX_SIGNATURE_HEADER_LEN
            ),
            VerifyError::MalformedSignatureHeader => f.write_str(
                "header `webhook-signature` has no well-formed `v1,<base64>` entry: expected \
                 space-separated entries like `v1,` followed by 44 base64 characters; was it \
                 truncated or rewritten on the way?",
            ),
            VerifyError::NoMatchingSignature => f.write_str(
                "no signature in `webhook-signature` matches: the signing secret is wrong (check \
                 ANTHROPIC_WEBHOOK_SIGNING_KEY is this endpoint's secret), or the body was changed \
                 before verification (verify the raw bytes, not re-serialized JSON)",
            ),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Why a signing secret could not be used. The messages never contain the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretError {
    /// The secret (or the raw key) is empty, or is just `whsec_`.
    Empty,
    /// The secret is not `whsec_` followed by standard base64.
    InvalidBase64 {
        /// Byte offset, in the string given, of the first character that cannot be decoded;
        /// `None` when the problem is the length or padding (a truncated secret).
        offset: Option<usize>,
    },
    /// The environment variable is not set, or is empty.
    MissingEnv {
        /// The variable's name.
        var: &'static str,
    },
    /// The environment variable is not valid Unicode.
    EnvNotUnicode {
        /// The variable's name.
        var: &'static str,
    },
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretError::Empty => f.write_str(
                "webhook signing secret is empty: pass the `whsec_...` secret shown when the \
                 webhook endpoint was created",
            ),
            SecretError::InvalidBase64 { offset: Some(i) } => write!(
                f,
                "webhook signing secret is not valid base64 (bad character at byte {i}): expected \
                 `whsec_` followed by standard base64, exactly as shown when the webhook endpoint \
                 was created (an API key is not a signing secret)"
            ),
            SecretError::InvalidBase64 { offset: None } => f.write_str(
                "webhook signing secret is not valid base64 (wrong length): was it truncated \
                 when copied?",
            ),
            SecretError::MissingEnv { var } => write!(
                f,
                "environment variable `{var}` is not set (or is empty): set it to the webhook \
                 signing secret (`whsec_...`)"
            ),
            SecretError::EnvNotUnicode { var } => write!(
                f,
                "environment variable `{var}` is not valid Unicode: it should hold the webhook \
                 signing secret (`whsec_...`)"
            ),
        }
    }
}

impl std::error::Error for SecretError {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats_any_i64() {
        for n in [0, 7, -7, 10, 1614265330, i64::MAX, i64::MIN, -1] {
            let mut buf = [0u8; 20];
            assert_eq!(format_i64(n, &mut buf), n.to_string().as_bytes());
        }
    }

    #[test]
    fn env_value_errors_name_the_variable() {
        let var = Webhook::SECRET_ENV_VAR;
        let missing = Webhook::from_env_value(var, Err(VarError::NotPresent)).unwrap_err();
        assert_eq!(missing, SecretError::MissingEnv { var });
        assert!(
            missing
                .to_string()
                .contains("ANTHROPIC_WEBHOOK_SIGNING_KEY")
        );
        let empty = Webhook::from_env_value(var, Ok(" \n".into())).unwrap_err();
        assert_eq!(empty, SecretError::MissingEnv { var });
        let not_unicode =
            Webhook::from_env_value(var, Err(VarError::NotUnicode("\u{fffd}".into()))).unwrap_err();
        assert_eq!(not_unicode, SecretError::EnvNotUnicode { var });
        assert!(not_unicode.to_string().contains(var));
        assert!(Webhook::from_env_value(var, Ok("whsec_c2VjcmV0Cg==\n".into())).is_ok());
    }

    #[test]
    fn candidates_keep_only_well_formed_v1() {
        let good = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        let header = format!("v1, v1a,{good} v2,{good}  v1,{good} v1,short {good}");
        assert_eq!(v1_candidates(&header).count(), 1);
        // Whitespace around an entry is ignored; entries are separated by spaces.
        let header = format!("\tv1,{good}\r v1,{good}\n");
        let found: Vec<&[u8; SIG_LEN]> = v1_candidates(&header).collect();
        assert_eq!(found, [good.as_bytes(), good.as_bytes()]);
        assert_eq!(v1_candidates(&format!("v1,{good}\tv1,{good}")).count(), 0);
    }
}
