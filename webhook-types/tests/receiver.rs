//! End-to-end test of the `receiver` example. The test serves the example's own app
//! (`examples/receiver/app.rs`) on an ephemeral loopback port and sends it signed deliveries
//! over real HTTP (hyper's client): status codes, error bodies, dispatch per kind, and
//! at-most-once handling of retried and concurrent deliveries.
#![cfg(feature = "axum")]

#[path = "../examples/receiver/app.rs"]
mod app;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::{Request, StatusCode};
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use tokio::sync::Barrier;
use tokio::task::JoinHandle;
use webhook_types::Webhook;
use webhook_types::axum::DEFAULT_BODY_LIMIT;

use app::{Dedupe, Outcome, Record};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Upper bound for any single request (no test relies on timing; this only stops a hang).
const TIMEOUT: Duration = Duration::from_secs(30);

type Headers = Vec<(&'static str, String)>;

fn webhook() -> Webhook {
    Webhook::new(SECRET).expect("valid test secret")
}

fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    i64::try_from(secs).expect("seconds fit i64")
}

/// An event body of `kind`, with the fields every kind of the spec needs.
fn event(event_id: &str, kind: &str) -> Vec<u8> {
    json!({
        "id": event_id,
        "created_at": "2026-03-15T10:00:00Z",
        "type": "event",
        "data": {
            "type": kind,
            "id": "sesn_011CZkMtG7K6JN3ojlek10vr",
            "organization_id": "org_011CZkZZAe0sMna4vkBdtrfx",
            "workspace_id": "wrkspc_011CZkZaBF1tNoB5wlCeusgy",
            "session_thread_id": "sthr_011CZkG4vRi1mqBGigjqo54s",
            "vault_id": "vlt_011CZklyFTECD3xJRZhafmGy",
        },
    })
    .to_string()
    .into_bytes()
}

/// The three `webhook-*` headers of a delivery signed with `webhook` at `timestamp`.
fn signed_with(webhook: &Webhook, msg_id: &str, timestamp: i64, body: &[u8]) -> Headers {
    vec![
        (Webhook::ID_HEADER, msg_id.to_owned()),
        (Webhook::TIMESTAMP_HEADER, timestamp.to_string()),
        (
            Webhook::SIGNATURE_HEADER,
            webhook.sign(msg_id, timestamp, body),
        ),
    ]
}

/// Headers for `body` signed with the test secret now.
fn signed(msg_id: &str, body: &[u8]) -> Headers {
    signed_with(&webhook(), msg_id, now(), body)
}

/// The receiver app served on 127.0.0.1:0, its log, and a client for it.
struct Server {
    url: String,
    records: Arc<Mutex<Vec<Record>>>,
    client: Client<HttpConnector, Full<Bytes>>,
    task: JoinHandle<()>,
}

impl Server {
    async fn start() -> Server {
        Server::with_capacity(app::DEFAULT_DEDUPE_CAPACITY).await
    }

    async fn with_capacity(dedupe_capacity: usize) -> Server {
        let records = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&records);
        let router = app::app(webhook(), dedupe_capacity, move |record: &Record| {
            log.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(record.clone());
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind an ephemeral loopback port");
        let addr: SocketAddr = listener.local_addr().expect("bound address");
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("server runs");
        });
        Server {
            url: format!("http://{addr}{}", app::PATH),
            records,
            client: Client::builder(TokioExecutor::new()).build_http(),
            task,
        }
    }

    /// POSTs `body` with `headers`; returns the status and the JSON response body.
    async fn post(&self, headers: &[(&'static str, String)], body: Vec<u8>) -> (StatusCode, Value) {
        post(
            &self.client,
            &self.url,
            headers,
            Full::new(Bytes::from(body)),
        )
        .await
    }

    fn records(&self) -> Vec<Record> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The outcomes logged for `event_id`, in order.
    fn outcomes(&self, event_id: &str) -> Vec<Outcome> {
        self.records()
            .into_iter()
            .filter_map(|record| match record {
                Record::Event { id, outcome, .. } if id == event_id => Some(outcome),
                _ => None,
            })
            .collect()
    }

    /// How many times the handler saw `event_id`.
    fn handled_count(&self, event_id: &str) -> usize {
        self.outcomes(event_id)
            .iter()
            .filter(|outcome| matches!(outcome, Outcome::Handled(_)))
            .count()
    }

    /// The `(status, code)` of every rejection logged.
    fn rejections(&self) -> Vec<(u16, &'static str)> {
        self.records()
            .into_iter()
            .filter_map(|record| match record {
                Record::Rejected { status, code, .. } => Some((status, code)),
                Record::Event { .. } => None,
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn post<B>(
    client: &Client<HttpConnector, B>,
    url: &str,
    headers: &[(&'static str, String)],
    body: B,
) -> (StatusCode, Value)
where
    B: Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut request = Request::post(url).header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    let request = request.body(body).expect("valid request");
    let exchange = async {
        let response = client.request(request).await.expect("response");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("response body")
            .to_bytes();
        (status, bytes)
    };
    let (status, bytes) = tokio::time::timeout(TIMEOUT, exchange)
        .await
        .expect("request timed out");
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "response body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, json)
}

/// A request body sent in two parts: all but the last byte at once, the last byte only when
/// `gate` (a barrier shared by all the concurrent requests and the test) opens. So the
/// requests reach the server together, and their handlers finish reading bodies together.
struct GatedBody {
    head: Option<Bytes>,
    gate: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
    tail: Option<Bytes>,
    len: u64,
}

impl GatedBody {
    fn new(body: &[u8], gate: Arc<Barrier>) -> GatedBody {
        let (head, tail) = body.split_at(body.len() - 1);
        GatedBody {
            head: Some(Bytes::copy_from_slice(head)),
            gate: Some(Box::pin(async move {
                gate.wait().await;
            })),
            tail: Some(Bytes::copy_from_slice(tail)),
            len: u64::try_from(body.len()).expect("length fits u64"),
        }
    }
}

impl Body for GatedBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(head) = self.head.take() {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        if let Some(gate) = self.gate.as_mut() {
            ready!(gate.as_mut().poll(cx));
            self.gate = None;
        }
        Poll::Ready(self.tail.take().map(|tail| Ok(Frame::data(tail))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.len)
    }
}

#[tokio::test]
async fn genuine_delivery_is_handled_and_logged() {
    let server = Server::start().await;
    let id = "whe_0000000000000000000000000000a001";
    let body = event(id, "session.created");
    let (status, json) = server.post(&signed("msg_a001", &body), body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json, json!({"status": "handled", "event_id": id}));
    let records = server.records();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(
        records[0].to_string(),
        "whe_0000000000000000000000000000a001 session.created handled: session \
         sesn_011CZkMtG7K6JN3ojlek10vr created in workspace wrkspc_011CZkZaBF1tNoB5wlCeusgy"
    );
}

#[tokio::test]
async fn each_kind_reaches_its_method() {
    let server = Server::start().await;
    let cases = [
        (
            "session.created",
            "handled",
            "session sesn_011CZkMtG7K6JN3ojlek10vr created",
        ),
        (
            "session.requires_action",
            "handled",
            "is waiting for a tool result",
        ),
        (
            "session.thread_created",
            "handled",
            "thread sthr_011CZkG4vRi1mqBGigjqo54s started",
        ),
        (
            "vault_credential.refresh_failed",
            "handled",
            "failed to refresh at 2026-03-15T10:00:00Z",
        ),
        // No method: `on_other`.
        ("session.idled", "handled", "(no specific handler)"),
        // Not in the spec: `on_unknown`, acknowledged.
        ("session.paused", "ignored", "unknown kind session.paused"),
    ];
    for (i, (kind, status_field, logged)) in cases.into_iter().enumerate() {
        let id = format!("whe_kind{i}");
        let body = event(&id, kind);
        let (status, json) = server
            .post(&signed(&format!("msg_kind{i}"), &body), body)
            .await;
        assert_eq!(status, StatusCode::OK, "{kind}: {json}");
        assert_eq!(json["status"], status_field, "{kind}: {json}");
        let records = server.records();
        let line = records.last().expect("a record").to_string();
        assert!(line.starts_with(&id), "{kind}: {line}");
        assert!(line.contains(logged), "{kind}: {line}");
    }
    assert_eq!(server.records().len(), cases.len());
    assert!(server.rejections().is_empty());
}

#[tokio::test]
async fn retried_delivery_is_handled_once() {
    let server = Server::start().await;
    let id = "whe_0000000000000000000000000000b002";
    let body = event(id, "session.created");
    let first = signed("msg_b002", &body);

    let (status, json) = server.post(&first, body.clone()).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (StatusCode::OK, Some("handled"))
    );
    // The same request again: same body, same id, same signature.
    let (status, json) = server.post(&first, body.clone()).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (StatusCode::OK, Some("duplicate"))
    );
    assert_eq!(json["event_id"], id);
    // A later retry attempt: same body and message id, signed again with another timestamp.
    let resigned = signed_with(&webhook(), "msg_b002", now() - 60, &body);
    assert_ne!(resigned[2].1, first[2].1);
    let (status, json) = server.post(&resigned, body.clone()).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (StatusCode::OK, Some("duplicate"))
    );
    // The same event under another message id: still the same event.
    let (status, json) = server.post(&signed("msg_b002_other", &body), body).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (StatusCode::OK, Some("duplicate"))
    );

    assert_eq!(server.handled_count(id), 1);
    assert_eq!(server.outcomes(id)[1..], vec![Outcome::Duplicate; 3]);
    let line = server.records()[1].to_string();
    assert_eq!(
        line,
        "whe_0000000000000000000000000000b002 session.created duplicate: already received, not \
         handled again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_retries_are_handled_once() {
    const RETRIES: usize = 20;
    let server = Server::start().await;
    let id = "whe_0000000000000000000000000000c003";
    let body = event(id, "session.requires_action");
    let headers = signed("msg_c003", &body);

    // Every request sends its headers and most of its body, then waits at the barrier; the
    // test opens it once all of them are waiting, so the last bytes go out together.
    let gate = Arc::new(Barrier::new(RETRIES + 1));
    let client: Client<HttpConnector, GatedBody> =
        Client::builder(TokioExecutor::new()).build_http();
    let tasks: Vec<_> = (0..RETRIES)
        .map(|_| {
            let (client, url, headers) = (client.clone(), server.url.clone(), headers.clone());
            let body = GatedBody::new(&body, Arc::clone(&gate));
            tokio::spawn(async move { post(&client, &url, &headers, body).await })
        })
        .collect();
    tokio::time::timeout(TIMEOUT, gate.wait())
        .await
        .expect("all requests reach the gate");

    let mut statuses = Vec::with_capacity(RETRIES);
    for task in tasks {
        let (status, json) = task.await.expect("request task");
        assert_eq!(status, StatusCode::OK, "{json}");
        statuses.push(json["status"].as_str().expect("status field").to_owned());
    }
    assert_eq!(
        statuses.iter().filter(|s| *s == "handled").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| *s == "duplicate").count(),
        RETRIES - 1,
        "{statuses:?}"
    );
    assert_eq!(server.handled_count(id), 1);
    assert_eq!(server.outcomes(id).len(), RETRIES);
}

#[tokio::test]
async fn genuine_but_unparsable_body_is_400() {
    let server = Server::start().await;
    let bodies: [&[u8]; 4] = [
        b"{not json",
        b"\xff\xfe",
        // JSON, wrong shape: no `data`.
        br#"{"id":"whe_1","created_at":"2026-03-15T10:00:00Z","type":"event"}"#,
        // A known kind without its required fields.
        br#"{"id":"whe_2","created_at":"2026-03-15T10:00:00Z","type":"event","data":{"type":"session.created","id":"sesn_1"}}"#,
    ];
    for body in bodies {
        let (status, json) = server.post(&signed("msg_d004", body), body.to_vec()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
        assert_eq!(json["error"], "invalid_body", "{json}");
        assert!(
            json["message"]
                .as_str()
                .is_some_and(|m| m.contains("does not parse")),
            "{json}"
        );
    }
    assert_eq!(server.rejections(), [(400, "invalid_body"); 4]);
    assert_eq!(server.records().len(), 4, "nothing was handled");
}

#[tokio::test]
async fn unverifiable_delivery_is_401() {
    let server = Server::start().await;
    let id = "whe_0000000000000000000000000000e005";
    let body = event(id, "session.created");
    let good = signed("msg_e005", &body);

    let mut tampered = body.clone();
    tampered[body.len() / 2] ^= 0x01;
    let wrong_secret = Webhook::new("whsec_c2VjcmV0Cg==").expect("valid secret");
    let without =
        |name: &str| -> Headers { good.iter().filter(|(n, _)| *n != name).cloned().collect() };
    let cases: Vec<(&str, Headers, Vec<u8>, &str)> = vec![
        ("tampered body", good.clone(), tampered, "invalid_signature"),
        (
            "wrong secret",
            signed_with(&wrong_secret, "msg_e005", now(), &body),
            body.clone(),
            "invalid_signature",
        ),
        (
            "garbage signature",
            vec![
                good[0].clone(),
                good[1].clone(),
                (Webhook::SIGNATURE_HEADER, "v1,not-a-signature".to_owned()),
            ],
            body.clone(),
            "malformed_signature",
        ),
        (
            "no webhook-id",
            without(Webhook::ID_HEADER),
            body.clone(),
            "missing_header",
        ),
        (
            "no webhook-timestamp",
            without(Webhook::TIMESTAMP_HEADER),
            body.clone(),
            "missing_header",
        ),
        (
            "no webhook-signature",
            without(Webhook::SIGNATURE_HEADER),
            body.clone(),
            "missing_header",
        ),
        (
            "stale timestamp",
            signed_with(&webhook(), "msg_e005", now() - 3600, &body),
            body.clone(),
            "timestamp_out_of_tolerance",
        ),
        (
            "future timestamp",
            signed_with(&webhook(), "msg_e005", now() + 3600, &body),
            body.clone(),
            "timestamp_out_of_tolerance",
        ),
    ];
    let count = cases.len();
    for (case, headers, body, code) in cases {
        let (status, json) = server.post(&headers, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {json}");
        assert_eq!(json["error"], code, "{case}: {json}");
        assert!(json["message"].is_string(), "{case}: {json}");
    }
    assert_eq!(server.rejections().len(), count);
    assert!(server.outcomes(id).is_empty(), "nothing was handled");

    // None of that used up the event id: the genuine delivery is still handled.
    let (status, json) = server.post(&good, body).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (StatusCode::OK, Some("handled"))
    );
    assert_eq!(server.handled_count(id), 1);
}

#[tokio::test]
async fn body_over_one_mib_is_413() {
    let server = Server::start().await;
    let id = "whe_0000000000000000000000000000f006";
    // A genuine event padded with JSON whitespace to exactly the limit: accepted.
    let mut body = event(id, "session.created");
    body.resize(DEFAULT_BODY_LIMIT, b' ');
    let (status, json) = server.post(&signed("msg_f006", &body), body.clone()).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (StatusCode::OK, Some("handled"))
    );

    // One byte more, correctly signed: rejected for its size.
    body.push(b' ');
    let (status, json) = server.post(&signed("msg_f006", &body), body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
    assert_eq!(json["error"], "body_too_large");
    assert_eq!(server.rejections(), [(413, "body_too_large")]);
    assert_eq!(server.handled_count(id), 1);
}

#[tokio::test]
async fn dedupe_forgets_the_oldest_ids_beyond_its_capacity() {
    let server = Server::with_capacity(2).await;
    let ids = ["whe_g1", "whe_g2", "whe_g3"];
    for id in ids {
        let body = event(id, "vault.created");
        let (status, json) = server.post(&signed("msg_g", &body), body).await;
        assert_eq!(
            (status, json["status"].as_str()),
            (StatusCode::OK, Some("handled"))
        );
    }
    // `whe_g3` is remembered; `whe_g1` was evicted to make room for it.
    for (id, expected) in [("whe_g3", "duplicate"), ("whe_g1", "handled")] {
        let body = event(id, "vault.created");
        let (status, json) = server.post(&signed("msg_g", &body), body).await;
        assert_eq!(
            (status, json["status"].as_str()),
            (StatusCode::OK, Some(expected)),
            "{id}"
        );
    }
}

#[test]
fn dedupe_is_a_bounded_ring() {
    let mut seen = Dedupe::new(3);
    assert!(seen.insert("a"));
    assert!(!seen.insert("a"));
    // Many more ids than the capacity: only the last three are remembered.
    for i in 0..1000 {
        assert!(seen.insert(&format!("id{i}")));
    }
    for i in 997..1000 {
        assert!(!seen.insert(&format!("id{i}")), "id{i} is remembered");
    }
    assert!(seen.insert("id996"), "id996 was evicted");
    assert!(seen.insert("a"), "a was evicted");

    // A capacity of 0 still remembers the latest id.
    let mut one = Dedupe::new(0);
    assert!(one.insert("x"));
    assert!(!one.insert("x"));
    assert!(one.insert("y"));
    assert!(one.insert("x"));
}
