//! Sends one signed sample event to the `receiver` example, as the Anthropic API would, and
//! prints the response.
//!
//! ```sh
//! ANTHROPIC_WEBHOOK_SIGNING_KEY=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
//!     cargo run -p webhook-types --example send -- [KIND] [--repeat-id] [--tamper] [--port N]
//! ```
//!
//! - `KIND`: the event's `type`, default `session.created`. A tag the spec does not define,
//!   such as `session.paused`, shows how the receiver handles kinds newer than its crate.
//! - `--repeat-id`: use a fixed event id and message id, so that a second run is a retry of
//!   the first one, which the receiver reports as a duplicate. Without it, every run sends a
//!   new event.
//! - `--tamper`: change one byte of the body after signing. The receiver answers 401.
//! - `--port N`: the receiver's port (default: the `PORT` environment variable, else 3000).
//!
//! The secret is read from `ANTHROPIC_WEBHOOK_SIGNING_KEY`, like the receiver. The request is
//! plain HTTP/1.1 over `std::net::TcpStream` to 127.0.0.1.
//!
//! Exit status: 0 for a 2xx response, 1 for another response or a connection error, 2 for a
//! usage error or a missing or invalid secret.

use std::hash::{BuildHasher, RandomState};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use webhook_types::{BetaWebhookEventKind, Webhook};

const USAGE: &str = "usage: send [KIND] [--repeat-id] [--tamper] [--port N]\n\
                     KIND defaults to session.created. The signing secret is read from \
                     ANTHROPIC_WEBHOOK_SIGNING_KEY (whsec_...).";
const PATH: &str = "/webhooks/anthropic";
const TIMEOUT: Duration = Duration::from_secs(10);

/// The event id and message id `--repeat-id` sends.
const FIXED_EVENT_ID: &str = "whe_7d3c1f0a9b8e4d2c6a5f1e0b9c8d7a6e";
const FIXED_MSG_ID: &str = "msg_7d3c1f0a9b8e4d2c6a5f1e0b9c8d7a6e";

struct Options {
    kind: String,
    repeat_id: bool,
    tamper: bool,
    port: u16,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let webhook = match Webhook::from_env() {
        Ok(webhook) => webhook,
        Err(e) => {
            eprintln!("error: {e}\nUse the same secret as the receiver.");
            return ExitCode::from(2);
        }
    };
    if options.kind.parse::<BetaWebhookEventKind>().is_err() {
        eprintln!(
            "note: `{}` is not an event kind of the spec; the receiver will acknowledge it as \
             unknown",
            options.kind
        );
    }

    let (event_id, msg_id) = if options.repeat_id {
        (FIXED_EVENT_ID.to_owned(), FIXED_MSG_ID.to_owned())
    } else {
        let hex = random_hex();
        (format!("whe_{hex}"), format!("msg_{hex}"))
    };
    let now = jiff::Timestamp::now();
    let body = json!({
        "id": event_id,
        "created_at": now,
        "type": "event",
        "data": sample_data(&options.kind),
    })
    .to_string();
    let mut body = body.into_bytes();
    let timestamp = now.as_second();
    let signature = webhook.sign(&msg_id, timestamp, &body);
    if options.tamper {
        // Somewhere inside the event: the signature no longer matches.
        let i = body.len() / 2;
        body[i] ^= 0x01;
        println!("tampered: flipped one bit of byte {i} of the body after signing");
    }

    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
    println!(
        "POST http://{addr}{PATH}  event {event_id} ({}), webhook-id {msg_id}",
        options.kind
    );
    let headers = [
        (Webhook::ID_HEADER, msg_id.as_str()),
        (Webhook::TIMESTAMP_HEADER, &timestamp.to_string()),
        (Webhook::SIGNATURE_HEADER, signature.as_str()),
    ];
    match post(addr, &headers, &body) {
        Ok((status_line, response_body)) => {
            println!("{status_line}");
            println!("{}", String::from_utf8_lossy(&response_body));
            let success = status_line
                .split(' ')
                .nth(1)
                .is_some_and(|code| code.starts_with('2'));
            if success {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: POST to http://{addr}{PATH} failed: {e}\nIs the receiver running?");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(None)` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut kind = None;
    let mut repeat_id = false;
    let mut tamper = false;
    let mut port = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--repeat-id" => repeat_id = true,
            "--tamper" => tamper = true,
            "--port" => {
                let value = args.next().ok_or("`--port` needs a value")?;
                port = Some(parse_port(&value, "--port")?);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ if kind.is_some() => return Err(format!("unexpected argument `{arg}`")),
            _ => kind = Some(arg),
        }
    }
    let port = match port {
        Some(port) => port,
        None => match std::env::var("PORT") {
            Ok(value) if !value.trim().is_empty() => parse_port(&value, "PORT")?,
            _ => 3000,
        },
    };
    Ok(Some(Options {
        kind: kind.unwrap_or_else(|| "session.created".to_owned()),
        repeat_id,
        tamper,
        port,
    }))
}

fn parse_port(text: &str, source: &str) -> Result<u16, String> {
    match text.trim().parse() {
        Ok(0) | Err(_) => Err(format!(
            "invalid port `{text}` (from {source}): expected a number from 1 to 65535"
        )),
        Ok(port) => Ok(port),
    }
}

/// The `data` object of a sample event of `kind`, with the fields its kind family has.
fn sample_data(kind: &str) -> serde_json::Value {
    let (family, _) = kind.split_once('.').unwrap_or((kind, ""));
    let id = match family {
        "vault" => "vlt_011CZklyFTECD3xJRZhafmGy",
        "vault_credential" => "vcrd_011CZkkcCxkgxLw5WrUdfWzq",
        _ => "sesn_011CZkMtG7K6JN3ojlek10vr",
    };
    let mut data = json!({
        "type": kind,
        "id": id,
        "organization_id": "org_011CZkZZAe0sMna4vkBdtrfx",
        "workspace_id": "wrkspc_011CZkZaBF1tNoB5wlCeusgy",
    });
    if kind.starts_with("session.thread_") {
        data["session_thread_id"] = json!("sthr_011CZkG4vRi1mqBGigjqo54s");
    }
    if family == "vault_credential" {
        data["vault_id"] = json!("vlt_011CZklyFTECD3xJRZhafmGy");
    }
    data
}

/// 32 random hex digits. `RandomState` is seeded from the OS, so each run differs.
fn random_hex() -> String {
    let state = RandomState::new();
    format!("{:016x}{:016x}", state.hash_one(1u8), state.hash_one(2u8))
}

/// POSTs `body` with `headers` and returns the status line and the response body.
fn post(
    addr: SocketAddr,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(String, Vec<u8>)> {
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(body)?;

    // `Connection: close`: the response ends when the server closes the connection.
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| invalid("response has no end of headers"))?;
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let mut payload = response[split + 4..].to_vec();
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default().to_owned();
    let chunked = lines.any(|line| {
        line.split_once(':').is_some_and(|(name, value)| {
            name.eq_ignore_ascii_case("transfer-encoding") && value.trim() == "chunked"
        })
    });
    if chunked {
        payload = dechunk(&payload).ok_or_else(|| invalid("malformed chunked response body"))?;
    }
    Ok((status_line, payload))
}

/// Decodes a `Transfer-Encoding: chunked` body.
fn dechunk(mut input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = input.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&input[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        input = &input[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(input.get(..size)?);
        input = input.get(size + 2..)?;
    }
}
