//! Shared by the criterion benches (`webhooks.rs`) and the instruction-count driver
//! (`instr.rs`): payloads, the baselines written only for the benchmarks, and one function per
//! measured variant, so both harnesses measure exactly the same code.

#![allow(dead_code)] // each bench target uses a different subset

use std::hint::black_box;

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use webhook_types::{BetaWebhookEvent, Webhook};

/// `data.type` first (254–330 bytes, real-looking ids).
pub const TAG_FIRST: &str = r#"{"id":"evt_01JH3Q8V7ZK2N9XWBD4F6T1R5C","created_at":"2026-03-14T09:26:53.589Z","type":"event","data":{"type":"session.thread_idled","id":"sesn_011CZkZc9V2dhSGRsD3rZvGr","organization_id":"org_01HXQ4W8E7R2T9Y6U3I5O1P0AS","workspace_id":"wrkspc_01JGZ8X4K2M0N7B5V3C9X1Z6LQ","session_thread_id":"sthr_011CZkZdQ7s3uLp2Hn8tVx4Ya"}}"#;

/// The same event with `data.type` last.
pub const TAG_LAST: &str = r#"{"id":"evt_01JH3Q8V7ZK2N9XWBD4F6T1R5C","created_at":"2026-03-14T09:26:53.589Z","type":"event","data":{"id":"sesn_011CZkZc9V2dhSGRsD3rZvGr","organization_id":"org_01HXQ4W8E7R2T9Y6U3I5O1P0AS","workspace_id":"wrkspc_01JGZ8X4K2M0N7B5V3C9X1Z6LQ","session_thread_id":"sthr_011CZkZdQ7s3uLp2Hn8tVx4Ya","type":"session.thread_idled"}}"#;

/// The last kind of the 22-kind spec's union (the last arm of every dispatch), tag first.
pub const LAST_KIND_22: &str = r#"{"id":"evt_01JH3Q8V7ZK2N9XWBD4F6T1R5C","created_at":"2026-03-14T09:26:53.589Z","type":"event","data":{"type":"vault_credential.refresh_failed","id":"vcrd_011CZkZc9V2dhSGRsD3rZvGr","organization_id":"org_01HXQ4W8E7R2T9Y6U3I5O1P0AS","workspace_id":"wrkspc_01JGZ8X4K2M0N7B5V3C9X1Z6LQ","vault_id":"vlt_011CZkZdQ7s3uLp2Hn8tVx4Ya"}}"#;

/// The last kind of the 44-kind spec's union, tag first.
pub const LAST_KIND_44: &str = r#"{"id":"evt_01JH3Q8V7ZK2N9XWBD4F6T1R5C","created_at":"2026-03-14T09:26:53.589Z","type":"event","data":{"type":"deployment_credential.refresh_failed","id":"vcrd_011CZkZc9V2dhSGRsD3rZvGr","organization_id":"org_01HXQ4W8E7R2T9Y6U3I5O1P0AS","workspace_id":"wrkspc_01JGZ8X4K2M0N7B5V3C9X1Z6LQ","vault_id":"vlt_011CZkZdQ7s3uLp2Hn8tVx4Ya"}}"#;

/// A signing secret (`whsec_` + base64 of 24 bytes), as the dashboard shows one.
pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// The `webhook-id` of the signed deliveries.
pub const MSG_ID: &str = "msg_2tPjJ8XKvYzQm4c7Wn1RbF0sLaE";

/// The generated model of the 44-kind spec (`benches/spec44.md`, derived from
/// `spec/webhooks.md` by `scripts/gen-spec44.py`).
pub mod spec44 {
    webhook_types::generate!("benches/spec44.md");
}

/// `"type": "event"` on the envelope, checked without allocating.
#[derive(Debug, Deserialize)]
pub enum EventLiteral {
    /// The only value.
    #[serde(rename = "event")]
    Event,
}

macro_rules! derived_data {
    ($($tag:literal => $variant:ident { $($field:ident),* },)*) => {
        /// The baseline: serde's derived internally tagged enum, same 22 kinds and fields.
        #[derive(Debug, Deserialize)]
        #[serde(tag = "type")]
        pub enum DerivedData {
            $(
                #[doc = $tag]
                #[serde(rename = $tag)]
                $variant {
                    $(
                        #[doc = stringify!($field)]
                        $field: String,
                    )*
                },
            )*
        }
    };
}

derived_data! {
    "session.created" => SessionCreated { id, organization_id, workspace_id },
    "session.pending" => SessionPending { id, organization_id, workspace_id },
    "session.running" => SessionRunning { id, organization_id, workspace_id },
    "session.idled" => SessionIdled { id, organization_id, workspace_id },
    "session.requires_action" => SessionRequiresAction { id, organization_id, workspace_id },
    "session.archived" => SessionArchived { id, organization_id, workspace_id },
    "session.deleted" => SessionDeleted { id, organization_id, workspace_id },
    "session.status_rescheduled" => SessionStatusRescheduled { id, organization_id, workspace_id },
    "session.status_run_started" => SessionStatusRunStarted { id, organization_id, workspace_id },
    "session.status_idled" => SessionStatusIdled { id, organization_id, workspace_id },
    "session.status_terminated" => SessionStatusTerminated { id, organization_id, workspace_id },
    "session.thread_created" => SessionThreadCreated { id, organization_id, session_thread_id, workspace_id },
    "session.thread_idled" => SessionThreadIdled { id, organization_id, session_thread_id, workspace_id },
    "session.thread_terminated" => SessionThreadTerminated { id, organization_id, session_thread_id, workspace_id },
    "session.outcome_evaluation_ended" => SessionOutcomeEvaluationEnded { id, organization_id, workspace_id },
    "vault.created" => VaultCreated { id, organization_id, workspace_id },
    "vault.archived" => VaultArchived { id, organization_id, workspace_id },
    "vault.deleted" => VaultDeleted { id, organization_id, workspace_id },
    "vault_credential.created" => VaultCredentialCreated { id, organization_id, vault_id, workspace_id },
    "vault_credential.archived" => VaultCredentialArchived { id, organization_id, vault_id, workspace_id },
    "vault_credential.deleted" => VaultCredentialDeleted { id, organization_id, vault_id, workspace_id },
    "vault_credential.refresh_failed" => VaultCredentialRefreshFailed { id, organization_id, vault_id, workspace_id },
}

/// The baseline envelope around [`DerivedData`].
#[derive(Debug, Deserialize)]
pub struct DerivedEvent {
    /// Event id.
    pub id: String,
    /// RFC 3339 time, parsed as the generated model does.
    pub created_at: jiff::Timestamp,
    /// The tagged data.
    pub data: DerivedData,
    /// `"event"`.
    #[serde(rename = "type")]
    pub ty: EventLiteral,
}

/// The floor: a plain struct with the same owned fields and no enum (`type` keys skipped).
#[derive(Debug, Deserialize)]
pub struct PlainEvent {
    /// Event id.
    pub id: String,
    /// RFC 3339 time.
    pub created_at: jiff::Timestamp,
    /// The data, as one fixed struct.
    pub data: PlainData,
}

/// The data of [`PlainEvent`]: the fields of `session.thread_idled`.
#[derive(Debug, Deserialize)]
pub struct PlainData {
    /// Session id.
    pub id: String,
    /// Organization id.
    pub organization_id: String,
    /// Workspace id.
    pub workspace_id: String,
    /// Session thread id.
    pub session_thread_id: String,
}

/// The generated parser (`BetaWebhookEvent::parse`).
pub fn parse_generated(body: &[u8]) -> BetaWebhookEvent {
    BetaWebhookEvent::parse(black_box(body)).expect("parses")
}

/// The generated parser of the 44-kind spec.
pub fn parse_generated44(body: &[u8]) -> spec44::BetaWebhookEvent {
    spec44::BetaWebhookEvent::parse(black_box(body)).expect("parses")
}

/// The derived tagged enum, as a user would call it (`from_slice`).
pub fn parse_derived(body: &[u8]) -> DerivedEvent {
    serde_json::from_slice(black_box(body)).expect("parses")
}

/// The derived tagged enum with the cheaper UTF-8-once + `from_str` entry.
pub fn parse_derived_str(body: &[u8]) -> DerivedEvent {
    let text = std::str::from_utf8(black_box(body)).expect("utf-8");
    serde_json::from_str(text).expect("parses")
}

/// `serde_json::Value`.
pub fn parse_value(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(black_box(body)).expect("parses")
}

/// The floor: the plain struct, UTF-8-once + `from_str`.
pub fn parse_plain(body: &[u8]) -> PlainEvent {
    let text = std::str::from_utf8(black_box(body)).expect("utf-8");
    serde_json::from_str(text).expect("parses")
}

/// Current Unix time in seconds.
pub fn now() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(d.as_secs()).expect("fits")
}

/// A delivery signed now: the body, and the three header values.
pub struct Delivery {
    /// The raw body.
    pub body: Vec<u8>,
    /// `webhook-timestamp`, as sent.
    pub timestamp: String,
    /// `webhook-signature`: a stale entry from a rotated key, then the valid one.
    pub signature: String,
    /// The same headers as an `http::HeaderMap` (for `standardwebhooks`).
    pub header_map: http::HeaderMap,
}

impl Delivery {
    /// Signs `body` with [`SECRET`] at the current time.
    pub fn new(webhook: &Webhook, body: &[u8]) -> Self {
        let ts = now();
        let stale = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        let signature = format!("{stale} {}", webhook.sign(MSG_ID, ts, body));
        let timestamp = ts.to_string();
        let mut header_map = http::HeaderMap::new();
        for (name, value) in [
            ("webhook-id", MSG_ID),
            ("webhook-timestamp", timestamp.as_str()),
            ("webhook-signature", signature.as_str()),
        ] {
            header_map.insert(name, value.parse().expect("header value"));
        }
        Delivery {
            body: body.to_vec(),
            timestamp,
            signature,
            header_map,
        }
    }

    /// The headers as `(name, value)` pairs, the crate's plainest header source.
    pub fn headers(&self) -> [(&'static str, &str); 3] {
        [
            ("webhook-id", MSG_ID),
            ("webhook-timestamp", self.timestamp.as_str()),
            ("webhook-signature", self.signature.as_str()),
        ]
    }
}

/// The verifiers and keys, built once.
pub struct Verifiers {
    /// This crate's verifier.
    pub ours: Webhook,
    /// The `standardwebhooks` crate's verifier.
    pub standard: standardwebhooks::Webhook,
    /// HMAC-SHA256 state with the key absorbed (the floor's precomputed key).
    pub hmac: Hmac<Sha256>,
}

impl Verifiers {
    /// All three for [`SECRET`].
    pub fn new() -> Self {
        use base64::Engine as _;
        let key = base64::engine::general_purpose::STANDARD
            .decode(SECRET.trim_start_matches("whsec_"))
            .expect("base64");
        Verifiers {
            ours: Webhook::new(SECRET).expect("secret"),
            standard: standardwebhooks::Webhook::new(SECRET).expect("secret"),
            hmac: <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("any key length"),
        }
    }
}

impl Default for Verifiers {
    fn default() -> Self {
        Self::new()
    }
}

/// This crate: `Webhook::unwrap` (verify with the system clock, then parse).
pub fn unwrap_ours(v: &Verifiers, d: &Delivery) -> BetaWebhookEvent {
    v.ours
        .unwrap(black_box(&d.body), d.headers())
        .expect("genuine")
}

/// `standardwebhooks` verify, then the derived tagged enum (`from_slice`).
pub fn unwrap_standard(v: &Verifiers, d: &Delivery) -> DerivedEvent {
    v.standard
        .verify(black_box(&d.body), &d.header_map)
        .expect("genuine");
    parse_derived(&d.body)
}

/// HMAC-SHA256 of `{id}.{ts}.{body}` with a precomputed key, nothing else.
pub fn hmac_only(v: &Verifiers, id: &str, ts: &str, body: &[u8]) -> [u8; 32] {
    let mut mac = v.hmac.clone();
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(ts.as_bytes());
    mac.update(b".");
    mac.update(black_box(body));
    mac.finalize().into_bytes().into()
}

/// The floor of unwrap: HMAC alone, then the plain struct.
pub fn unwrap_floor(v: &Verifiers, d: &Delivery) -> PlainEvent {
    black_box(hmac_only(v, MSG_ID, &d.timestamp, &d.body));
    parse_plain(&d.body)
}

/// A 64 KiB body (JSON-looking bytes).
pub fn body_64k() -> Vec<u8> {
    let mut body = Vec::with_capacity(65536);
    body.extend_from_slice(br#"{"id":"evt_01JH3Q8V7ZK2N9XWBD4F6T1R5C","pad":""#);
    while body.len() < 65536 - 2 {
        body.push(b'a' + (body.len() % 26) as u8);
    }
    body.extend_from_slice(br#""}"#);
    body
}

/// This crate's verify at a fixed time (no clock read).
pub fn verify_ours(v: &Verifiers, d: &Delivery, now: i64) {
    v.ours
        .verify_at(black_box(&d.body), d.headers(), now)
        .expect("genuine");
}

/// Raw SHA-256 of the bytes.
pub fn sha256(body: &[u8]) -> [u8; 32] {
    Sha256::digest(black_box(body)).into()
}
