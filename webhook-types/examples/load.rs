//! A bounded load generator for the `receiver` example: sends a fixed number of signed
//! deliveries concurrently over loopback, including retries of the same event and invalid
//! deliveries, checks every response status, and prints throughput and latency.
//!
//! ```sh
//! ANTHROPIC_WEBHOOK_SIGNING_KEY=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
//!     cargo run --release -p webhook-types --example load -- --port N [--events 20000] \
//!     [--concurrency 16] [--run 1] [--expect FILE]
//! ```
//!
//! Per run, `--events` distinct events (ids `whe_load<run>_<i>`, every kind of the spec plus
//! an unknown kind), every 10th sent twice (a retry: same id, body and signature, possibly at
//! the same time as the first), and one invalid delivery per 20 events, in four flavours:
//! wrong signature and stale timestamp (401), a genuine signature over a body that is not an
//! event (400), a body over 1 MiB (413). `--expect FILE` writes the ids of the valid events,
//! one per line, and the expected counts, for `scripts/load.sh` to compare with the receiver's
//! log. Each request has a 10 s timeout; the run is bounded by the fixed count.
//!
//! Exit status: 0 if every response had the expected status, 1 otherwise, 2 for a usage error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;
use webhook_types::{BetaWebhookEventKind, Webhook};

const PATH: &str = "/webhooks/anthropic";
const TIMEOUT: Duration = Duration::from_secs(10);

/// One request to send and the status it must get.
struct Delivery {
    msg_id: String,
    timestamp: i64,
    signature: String,
    body: Vec<u8>,
    expected: u16,
}

struct Options {
    port: u16,
    events: usize,
    concurrency: usize,
    run: u32,
    expect: Option<String>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        port: 0,
        events: 20_000,
        concurrency: 16,
        run: 1,
        expect: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => o.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--events" => o.events = value()?.parse().map_err(|e| format!("--events: {e}"))?,
            "--concurrency" => {
                o.concurrency = value()?
                    .parse()
                    .map_err(|e| format!("--concurrency: {e}"))?;
            }
            "--run" => o.run = value()?.parse().map_err(|e| format!("--run: {e}"))?,
            "--expect" => o.expect = Some(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if o.port == 0 || o.concurrency == 0 {
        return Err("--port N is required; --concurrency must be at least 1".into());
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let webhook = match Webhook::from_env() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));

    let (deliveries, valid_ids, retries) = deliveries(&webhook, &o, now);
    let invalid = deliveries.iter().filter(|d| d.expected != 200).count();
    if let Some(path) = &o.expect {
        let mut text = format!(
            "# valid {} retries {retries} invalid {invalid}\n",
            valid_ids.len()
        );
        for id in &valid_ids {
            text.push_str(id);
            text.push('\n');
        }
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write {path}: {e}");
            return ExitCode::from(2);
        }
    }

    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(deliveries.len()));
    let wrong = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..o.concurrency {
            s.spawn(|| {
                let mut conn: Option<BufReader<TcpStream>> = None;
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(d) = deliveries.get(i) else { break };
                    let t = Instant::now();
                    let status = send(&mut conn, o.port, d);
                    mine.push(t.elapsed());
                    if status.as_ref().ok() != Some(&d.expected) {
                        let mut w = wrong.lock().unwrap_or_else(|e| e.into_inner());
                        w.push(format!(
                            "{}: expected {}, got {status:?}",
                            d.msg_id, d.expected
                        ));
                    }
                }
                latencies
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(mine);
            });
        }
    });
    let elapsed = started.elapsed();
    let mut latencies = latencies.into_inner().unwrap_or_else(|e| e.into_inner());
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    println!(
        "run {}: {} requests ({} valid events, {retries} retries, {invalid} invalid) in {:.2} s: \
         {:.0} requests/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        o.run,
        deliveries.len(),
        valid_ids.len(),
        elapsed.as_secs_f64(),
        deliveries.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        pct(1.0),
    );
    let wrong = wrong.into_inner().unwrap_or_else(|e| e.into_inner());
    if wrong.is_empty() {
        println!("every response had the expected status");
        ExitCode::SUCCESS
    } else {
        println!("{} unexpected responses, e.g.:", wrong.len());
        for w in wrong.iter().take(10) {
            println!("  {w}");
        }
        ExitCode::FAILURE
    }
}

/// The deliveries of one run, in a scrambled but fixed order (a retry lands a few requests
/// after its original, so it often overlaps it), the valid event ids, and the retry count.
fn deliveries(webhook: &Webhook, o: &Options, now: i64) -> (Vec<Delivery>, Vec<String>, usize) {
    let kinds = BetaWebhookEventKind::ALL;
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let mut retries = 0;
    for i in 0..o.events {
        let tag = if i % 23 == 22 {
            "session.paused" // a kind newer than the spec: acknowledged, not handled
        } else {
            kinds[i % kinds.len()].as_str()
        };
        let id = format!("whe_load{}_{i:07}", o.run);
        let body = json!({
            "id": id,
            "created_at": "2026-03-15T09:58:12Z",
            "data": {
                "id": format!("sesn_{i}"),
                "organization_id": "org_load",
                "workspace_id": "wrkspc_load",
                "session_thread_id": "sthr_load",
                "vault_id": "vlt_load",
                "type": tag,
            },
            "type": "event",
        })
        .to_string()
        .into_bytes();
        let msg_id = format!("msg_load{}_{i}", o.run);
        let signature = webhook.sign(&msg_id, now, &body);
        let copies = if i % 10 == 0 { 2 } else { 1 };
        retries += copies - 1;
        for _ in 0..copies {
            out.push(Delivery {
                msg_id: msg_id.clone(),
                timestamp: now,
                signature: signature.clone(),
                body: body.clone(),
                expected: 200,
            });
        }
        ids.push(id);
        if i % 20 == 0 {
            out.push(invalid(webhook, o.run, i, now));
        }
    }
    // A fixed shuffle within windows of 64: reproducible, and retries stay close together.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ u64::from(o.run);
    for window in out.chunks_mut(64) {
        for j in (1..window.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            window.swap(j, (state % (j as u64 + 1)) as usize);
        }
    }
    (out, ids, retries)
}

/// An invalid delivery, in one of four flavours.
fn invalid(webhook: &Webhook, run: u32, i: usize, now: i64) -> Delivery {
    let msg_id = format!("msg_bad{run}_{i}");
    let event = format!(
        r#"{{"id":"whe_bad{run}_{i}","created_at":"2026-03-15T09:58:12Z","data":{{"id":"s","organization_id":"o","workspace_id":"w","type":"session.created"}},"type":"event"}}"#
    );
    let (body, timestamp, signature, expected) = match (i / 20) % 4 {
        // Signed with another secret.
        0 => {
            let other = Webhook::from_bytes(b"another key").expect("a non-empty key");
            let sig = other.sign(&msg_id, now, event.as_bytes());
            (event.into_bytes(), now, sig, 401)
        }
        // A genuine signature, ten minutes old.
        1 => {
            let sig = webhook.sign(&msg_id, now - 600, event.as_bytes());
            (event.into_bytes(), now - 600, sig, 401)
        }
        // A genuine signature over a body that is not an event.
        2 => {
            let body = br#"{"id":"whe_x","type":"event"}"#.to_vec();
            let sig = webhook.sign(&msg_id, now, &body);
            (body, now, sig, 400)
        }
        // Over the 1 MiB body limit.
        _ => {
            let body = vec![b' '; (1 << 20) + 1];
            let sig = webhook.sign(&msg_id, now, &body);
            (body, now, sig, 413)
        }
    };
    Delivery {
        msg_id,
        timestamp,
        signature,
        body,
        expected,
    }
}

/// Sends one delivery on the kept-alive connection (reconnecting when needed) and returns the
/// response status.
fn send(conn: &mut Option<BufReader<TcpStream>>, port: u16, d: &Delivery) -> Result<u16, String> {
    for attempt in 0..2 {
        if conn.is_none() {
            let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))
                .map_err(|e| format!("connect: {e}"))?;
            stream.set_read_timeout(Some(TIMEOUT)).ok();
            stream.set_write_timeout(Some(TIMEOUT)).ok();
            stream.set_nodelay(true).ok();
            *conn = Some(BufReader::new(stream));
        }
        let Some(c) = conn.as_mut() else { continue };
        match exchange(c, port, d) {
            Ok((status, keep_alive)) => {
                if !keep_alive {
                    *conn = None;
                }
                return Ok(status);
            }
            // A kept-alive connection the server closed: retry once on a new one.
            Err(e) if attempt == 0 => {
                let _ = e;
                *conn = None;
            }
            Err(e) => return Err(e),
        }
    }
    Err("unreachable".into())
}

fn exchange(c: &mut BufReader<TcpStream>, port: u16, d: &Delivery) -> Result<(u16, bool), String> {
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nwebhook-id: {}\r\nwebhook-timestamp: {}\r\n\
         webhook-signature: {}\r\n\r\n",
        d.body.len(),
        d.msg_id,
        d.timestamp,
        d.signature
    );
    let stream = c.get_mut();
    let written = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&d.body));
    let mut line = String::new();
    if let Err(e) = written {
        // The server may answer (413) and close before reading the whole body: the response
        // can still be waiting in the socket.
        return match c.read_line(&mut line) {
            Ok(n) if n > 0 => status_of(&line).map(|status| (status, false)),
            _ => Err(format!("write: {e}")),
        };
    }
    c.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
    let status = status_of(&line)?;
    let (mut length, mut keep_alive) = (0usize, true);
    loop {
        line.clear();
        c.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().map_err(|_| "bad content-length")?;
            } else if name.eq_ignore_ascii_case("connection") && value.eq_ignore_ascii_case("close")
            {
                keep_alive = false;
            }
        }
    }
    let mut body = vec![0; length];
    c.read_exact(&mut body)
        .map_err(|e| format!("read body: {e}"))?;
    Ok((status, keep_alive))
}

/// The status code of an HTTP/1.1 status line.
fn status_of(line: &str) -> Result<u16, String> {
    line.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {line:?}"))
}
