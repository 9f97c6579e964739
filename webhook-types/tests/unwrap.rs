//! `Webhook::unwrap` (verify, then parse) and the axum extractor.
#![cfg(feature = "verify")]
#![allow(clippy::unwrap_used)]

use std::time::{SystemTime, UNIX_EPOCH};

use webhook_types::{BetaWebhookEvent, VerifyError, Webhook, WebhookError, parse_unverified};

const SECRET: &str = "whsec_c2VjcmV0Cg==";
const ID: &str = "msg_2sb8pUR6Fqi2ZFnm7HnCyCL4Dgw";
const TS: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const BODY: &[u8] = br#"{"id":"evt_011CZkZ","created_at":"2026-01-01T00:00:00Z","type":"event","data":{"type":"session.created","id":"sesn_011CZkZ","organization_id":"org_011CZkZ","workspace_id":"wrkspc_011CZkZ"}}"#;

fn webhook() -> Webhook {
    Webhook::new(SECRET).unwrap()
}

fn signed(body: &[u8], ts: i64) -> [(&'static str, String); 3] {
    [
        ("webhook-id", ID.to_owned()),
        ("webhook-timestamp", ts.to_string()),
        ("webhook-signature", webhook().sign(ID, ts, body)),
    ]
}

fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(secs).unwrap()
}

#[test]
fn unwrap_at_verifies_then_parses() {
    let event: BetaWebhookEvent = webhook().unwrap_at(BODY, signed(BODY, TS), TS).unwrap();
    // Same result as parsing the (now trusted) body directly.
    let direct = BetaWebhookEvent::parse(BODY).unwrap();
    assert_eq!(format!("{event:?}"), format!("{direct:?}"));
}

#[test]
fn unwrap_uses_the_system_clock() {
    let ts = now();
    assert!(webhook().unwrap(BODY, signed(BODY, ts)).is_ok());
    assert!(matches!(
        webhook().unwrap(BODY, signed(BODY, TS - 3600)),
        Err(WebhookError::Verify(VerifyError::TooOld { .. }))
    ));
}

#[test]
fn tampered_body_is_a_verify_error() {
    let headers = signed(BODY, TS);
    let mut tampered = BODY.to_vec();
    tampered[10] ^= 1;
    let err = webhook().unwrap_at(&tampered, &headers, TS).unwrap_err();
    assert!(
        matches!(err, WebhookError::Verify(VerifyError::NoMatchingSignature)),
        "{err:?}"
    );
}

#[test]
fn unverified_garbage_is_never_parsed() {
    // Bad signature and bad JSON: the verification error wins.
    let garbage = b"{not json";
    let err = webhook()
        .unwrap_at(garbage, signed(BODY, TS), TS)
        .unwrap_err();
    assert!(matches!(err, WebhookError::Verify(_)), "{err:?}");
}

#[test]
fn genuine_but_unparsable_body_is_a_parse_error() {
    for body in [
        &b"{not json"[..],
        b"[]",
        br#"{"id":"evt_1","type":"event"}"#,
        b"\xff\xfe",
    ] {
        let err = webhook().unwrap_at(body, signed(body, TS), TS).unwrap_err();
        assert!(matches!(err, WebhookError::Parse(_)), "{err:?}");
        assert!(err.to_string().contains("does not parse"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
    }
}

#[test]
fn unknown_event_kind_still_unwraps() {
    let body = br#"{"id":"evt_2","created_at":"2026-01-01T00:00:00Z","type":"event","data":{"type":"session.teleported","id":"sesn_1"}}"#;
    assert!(webhook().unwrap_at(body, signed(body, TS), TS).is_ok());
}

#[test]
fn parse_unverified_needs_no_headers() {
    assert!(parse_unverified(BODY).is_ok());
    assert!(parse_unverified(b"{").is_err());
}

#[test]
fn webhook_error_is_a_std_error() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<WebhookError>();
    let err = WebhookError::from(VerifyError::MissingHeader("webhook-id"));
    assert!(
        err.to_string().contains("missing header `webhook-id`"),
        "{err}"
    );
}

#[cfg(feature = "axum")]
mod axum_extractor {
    use super::*;

    use std::pin::Pin;
    use std::task::{Context, Poll};

    use axum::body::{Body, Bytes, HttpBody};
    use axum::extract::{FromRef, FromRequest, Request};
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use webhook_types::axum::{VerifiedEvent, VerifiedEventRejection};

    fn request(body: impl Into<Body>, headers: &[(&'static str, String)]) -> Request {
        let mut builder = Request::builder().method("POST").uri("/webhooks");
        for (name, value) in headers {
            builder = builder.header(*name, value.as_str());
        }
        builder.body(body.into()).unwrap()
    }

    async fn rejection_json(rejection: VerifiedEventRejection) -> (StatusCode, serde_json::Value) {
        let response = rejection.into_response();
        let status = response.status();
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "application/json"
        );
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn accepts_a_genuine_delivery() {
        let ts = now();
        let req = request(BODY, &signed(BODY, ts));
        let VerifiedEvent(event) =
            VerifiedEvent::<{ webhook_types::axum::DEFAULT_BODY_LIMIT }>::from_request(
                req,
                &webhook(),
            )
            .await
            .unwrap();
        let direct = BetaWebhookEvent::parse(BODY).unwrap();
        assert_eq!(format!("{event:?}"), format!("{direct:?}"));
    }

    #[tokio::test]
    async fn missing_header_is_401() {
        let mut headers = signed(BODY, now()).to_vec();
        headers.retain(|(name, _)| *name != "webhook-signature");
        let rejection = <VerifiedEvent>::from_request(request(BODY, &headers), &webhook())
            .await
            .err()
            .unwrap();
        let (status, json) = rejection_json(rejection).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(json["error"], "missing_header");
        assert!(
            json["message"]
                .as_str()
                .unwrap()
                .contains("missing header `webhook-signature`"),
            "{json}"
        );
    }

    #[tokio::test]
    async fn tampered_body_is_401() {
        let headers = signed(BODY, now());
        let mut tampered = BODY.to_vec();
        tampered[12] ^= 1;
        let rejection = <VerifiedEvent>::from_request(request(tampered, &headers), &webhook())
            .await
            .err()
            .unwrap();
        assert!(matches!(
            rejection,
            VerifiedEventRejection::Verify(VerifyError::NoMatchingSignature)
        ));
        let (status, json) = rejection_json(rejection).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(json["error"], "invalid_signature");
    }

    #[tokio::test]
    async fn stale_delivery_is_401() {
        let rejection = <VerifiedEvent>::from_request(request(BODY, &signed(BODY, TS)), &webhook())
            .await
            .err()
            .unwrap();
        let (status, json) = rejection_json(rejection).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(json["error"], "timestamp_out_of_tolerance");
    }

    #[tokio::test]
    async fn genuine_but_bad_json_is_400() {
        let body = b"{not json";
        let rejection =
            <VerifiedEvent>::from_request(request(&body[..], &signed(body, now())), &webhook())
                .await
                .err()
                .unwrap();
        let (status, json) = rejection_json(rejection).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(json["error"], "invalid_body");
    }

    #[tokio::test]
    async fn declared_oversize_body_is_413() {
        let body = vec![b' '; 17];
        let rejection = VerifiedEvent::<16>::from_request(
            request(body.clone(), &signed(&body, now())),
            &webhook(),
        )
        .await
        .err()
        .unwrap();
        let (status, json) = rejection_json(rejection).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(json["error"], "body_too_large");
    }

    /// A body sent in chunks with no declared length.
    struct Chunked(Vec<Bytes>);

    impl HttpBody for Chunked {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            if self.0.is_empty() {
                Poll::Ready(None)
            } else {
                Poll::Ready(Some(Ok(http_body::Frame::data(self.0.remove(0)))))
            }
        }
    }

    #[tokio::test]
    async fn streamed_oversize_body_is_413_and_exact_limit_passes() {
        let chunks = |n: usize| Chunked(vec![Bytes::from(vec![b' '; 8]); n]);
        let headers = signed(&[b' '; 24], now());
        let rejection =
            VerifiedEvent::<23>::from_request(request(Body::new(chunks(3)), &headers), &webhook())
                .await
                .err()
                .unwrap();
        assert!(matches!(
            rejection,
            VerifiedEventRejection::BodyTooLarge { limit: 23 }
        ));
        // At exactly the limit the body is read, verified (it is genuine) and parsed (it is
        // not JSON): 400, not 413.
        let rejection =
            VerifiedEvent::<24>::from_request(request(Body::new(chunks(3)), &headers), &webhook())
                .await
                .err()
                .unwrap();
        assert_eq!(rejection.status(), StatusCode::BAD_REQUEST);
    }

    #[derive(Clone)]
    struct AppState {
        webhook: Webhook,
    }

    impl FromRef<AppState> for Webhook {
        fn from_ref(state: &AppState) -> Webhook {
            state.webhook.clone()
        }
    }

    #[tokio::test]
    async fn works_with_an_app_state() {
        let state = AppState { webhook: webhook() };
        let req = request(BODY, &signed(BODY, now()));
        assert!(<VerifiedEvent>::from_request(req, &state).await.is_ok());
    }
}
