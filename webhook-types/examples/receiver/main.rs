//! A webhook receiver: verifies signed deliveries on `POST /webhooks/anthropic`, handles each
//! event once, and prints one line per request.
//!
//! ```sh
//! ANTHROPIC_WEBHOOK_SIGNING_KEY=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
//!     cargo run -p webhook-types --features axum --example receiver [-- PORT]
//! ```
//!
//! The port comes from the first argument, else the `PORT` environment variable, else 3000.
//! Port `0` picks a free port. The listening address is printed either way. It listens on
//! 127.0.0.1 only. Send it events with the `send` example. Stop it with Ctrl-C.
//!
//! Exit status: 0 after Ctrl-C, 1 if the port cannot be bound, 2 for a usage error or a
//! missing or invalid secret.

mod app;

use std::net::Ipv4Addr;
use std::process::ExitCode;

use tokio::net::TcpListener;
use webhook_types::Webhook;

const USAGE: &str = "usage: receiver [PORT]   (PORT also from the PORT environment variable; \
                     default 3000; 0 = any free port)\n\
                     The signing secret is read from ANTHROPIC_WEBHOOK_SIGNING_KEY (whsec_...).";

#[tokio::main]
async fn main() -> ExitCode {
    let port = match port(std::env::args().skip(1), std::env::var("PORT").ok()) {
        Ok(Some(port)) => port,
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
            eprintln!(
                "error: {e}\n\
                 For a local try-out, any whsec_ secret works if the sender uses the same one:\n  \
                 ANTHROPIC_WEBHOOK_SIGNING_KEY=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
                 cargo run -p webhook-types --features axum --example receiver"
            );
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("listening on http://{addr}{}", app::PATH),
        Err(e) => {
            eprintln!("error: cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    }

    let router = app::app(webhook, app::DEFAULT_DEDUPE_CAPACITY, |record| {
        println!("{record}");
    });
    let shutdown = async {
        // If the signal handler cannot be installed, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("error: server failed: {e}");
        return ExitCode::FAILURE;
    }
    println!("shut down");
    ExitCode::SUCCESS
}

/// The port: the first argument, else `PORT`, else 3000. `Ok(None)` for `--help`.
fn port(
    mut args: impl Iterator<Item = String>,
    env: Option<String>,
) -> Result<Option<u16>, String> {
    let (text, source) = match (args.next(), args.next()) {
        (Some(arg), _) if arg == "-h" || arg == "--help" => return Ok(None),
        (Some(_), Some(extra)) => return Err(format!("unexpected argument `{extra}`")),
        (Some(arg), None) => (arg, "the first argument"),
        (None, _) => match env {
            Some(value) if !value.trim().is_empty() => (value, "PORT"),
            _ => return Ok(Some(3000)),
        },
    };
    text.trim().parse().map(Some).map_err(|_| {
        format!("invalid port `{text}` (from {source}): expected a number from 0 to 65535")
    })
}
