//! Code generation time: the validated model → tokens (`codegen::generate`), for the real
//! 22-kind spec and the 44-kind benchmark spec (`webhook-types/benches/spec44.md`). Reading
//! and validating the Markdown is measured separately (`read`), as is the whole `generate!`
//! pipeline without the compiler (`read + generate`).
//!
//! `cargo bench -p webhook-spec --bench codegen`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use webhook_spec::codegen::{self, Options};

const SPEC22: &str = include_str!("../../spec/webhooks.md");
const SPEC44: &str = include_str!("../../webhook-types/benches/spec44.md");

fn codegen(c: &mut Criterion) {
    let options = Options::default();
    let mut g = c.benchmark_group("codegen");
    for (kinds, name, text) in [
        (22, "spec/webhooks.md", SPEC22),
        (44, "webhook-types/benches/spec44.md", SPEC44),
    ] {
        let spec = webhook_spec::read(name, text).expect("the spec is valid");
        g.bench_function(format!("generate/{kinds}"), |b| {
            b.iter(|| codegen::generate(black_box(&spec), &options))
        });
        g.bench_function(format!("read/{kinds}"), |b| {
            b.iter(|| webhook_spec::read(name, black_box(text)).expect("valid"))
        });
        g.bench_function(format!("read_generate/{kinds}"), |b| {
            b.iter(|| {
                let spec = webhook_spec::read(name, black_box(text)).expect("valid");
                codegen::generate(&spec, &options)
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = codegen
}
criterion_main!(benches);
