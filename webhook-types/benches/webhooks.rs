//! Criterion benchmarks: parse, unwrap, 64 KiB verify and the 44-kind spec, each group
//! measuring its variants side by side on the same payloads in one run.
//!
//! `cargo bench -p webhook-types --bench webhooks`; `scripts/bench.sh` runs it several times
//! and summarises the medians against the targets in `BENCHMARKS.md`.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn parse(c: &mut Criterion) {
    for (payload, body) in [("tag_first", TAG_FIRST), ("tag_last", TAG_LAST)] {
        let body = body.as_bytes();
        let mut g = c.benchmark_group(format!("parse/{payload}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("generated", |b| b.iter(|| parse_generated(body)));
        g.bench_function("derived_tagged_enum", |b| b.iter(|| parse_derived(body)));
        g.bench_function("derived_tagged_enum_from_str", |b| {
            b.iter(|| parse_derived_str(body))
        });
        g.bench_function("serde_json_value", |b| b.iter(|| parse_value(body)));
        g.bench_function("plain_struct", |b| b.iter(|| parse_plain(body)));
        g.finish();
    }
}

fn unwrap(c: &mut Criterion) {
    let v = Verifiers::new();
    let mut g = c.benchmark_group("unwrap");
    g.throughput(Throughput::Bytes(TAG_FIRST.len() as u64));
    // Signed inside each closure: `standardwebhooks` checks against the system clock.
    g.bench_function("generated", |b| {
        let d = Delivery::new(&v.ours, TAG_FIRST.as_bytes());
        b.iter(|| unwrap_ours(&v, &d))
    });
    g.bench_function("standardwebhooks_derived", |b| {
        let d = Delivery::new(&v.ours, TAG_FIRST.as_bytes());
        b.iter(|| unwrap_standard(&v, &d))
    });
    g.bench_function("hmac_plain_struct", |b| {
        let d = Delivery::new(&v.ours, TAG_FIRST.as_bytes());
        b.iter(|| unwrap_floor(&v, &d))
    });
    g.finish();
}

fn verify_64k(c: &mut Criterion) {
    let v = Verifiers::new();
    let body = body_64k();
    let d = Delivery::new(&v.ours, &body);
    let ts: i64 = d.timestamp.parse().expect("integer");
    let mut g = c.benchmark_group("verify_64k");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("verify", |b| b.iter(|| verify_ours(&v, &d, ts)));
    g.bench_function("sha256", |b| b.iter(|| sha256(&body)));
    g.bench_function("hmac", |b| {
        b.iter(|| hmac_only(&v, MSG_ID, &d.timestamp, &body))
    });
    g.finish();
}

fn spec44(c: &mut Criterion) {
    let mut g = c.benchmark_group("kinds");
    let first = TAG_FIRST.as_bytes();
    g.bench_function("22/thread_idled", |b| b.iter(|| parse_generated(first)));
    g.bench_function("44/thread_idled", |b| b.iter(|| parse_generated44(first)));
    let (last22, last44) = (LAST_KIND_22.as_bytes(), LAST_KIND_44.as_bytes());
    g.bench_function("22/last_kind", |b| b.iter(|| parse_generated(last22)));
    g.bench_function("44/last_kind", |b| b.iter(|| parse_generated44(last44)));
    g.finish();
    black_box(());
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(100)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = parse, unwrap, verify_64k, spec44
}
criterion_main!(benches);
