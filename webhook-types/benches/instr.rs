//! Instruction-count driver for `valgrind --tool=callgrind` (stable under load, unlike time):
//! runs one variant N times. `scripts/callgrind.sh` runs every variant with N and with 0
//! iterations and reports the difference per iteration.
//!
//! `instr <variant> <iterations>`; without arguments (as under `cargo bench`), lists the
//! variants and exits.

mod common;

use std::hint::black_box;

use common::*;

const VARIANTS: &[&str] = &[
    "parse_generated_first",
    "parse_generated_last",
    "parse_derived_first",
    "parse_derived_last",
    "parse_derived_str_first",
    "parse_derived_str_last",
    "parse_value_first",
    "parse_plain_first",
    "parse_plain_last",
    "kinds22_first",
    "kinds44_first",
    "kinds22_last_kind",
    "kinds44_last_kind",
    "unwrap_generated",
    "unwrap_standardwebhooks_derived",
    "unwrap_hmac_plain_struct",
    "verify64k",
    "sha256_64k",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(variant), Some(n)) = (args.first(), args.get(1)) else {
        println!("variants: {}", VARIANTS.join(" "));
        return;
    };
    let n: u64 = n.parse().expect("iterations");
    let v = Verifiers::new();
    let small = Delivery::new(&v.ours, TAG_FIRST.as_bytes());
    let big = Delivery::new(&v.ours, &body_64k());
    let ts: i64 = big.timestamp.parse().expect("integer");
    let (first, last) = (TAG_FIRST.as_bytes(), TAG_LAST.as_bytes());
    // Warm up once outside the loop so lazily initialised state is not counted per iteration.
    let run = |k: u64| {
        for _ in 0..k {
            match variant.as_str() {
                "parse_generated_first" => drop(black_box(parse_generated(first))),
                "parse_generated_last" => drop(black_box(parse_generated(last))),
                "parse_derived_first" => drop(black_box(parse_derived(first))),
                "parse_derived_last" => drop(black_box(parse_derived(last))),
                "parse_derived_str_first" => drop(black_box(parse_derived_str(first))),
                "parse_derived_str_last" => drop(black_box(parse_derived_str(last))),
                "parse_value_first" => drop(black_box(parse_value(first))),
                "parse_plain_first" => drop(black_box(parse_plain(first))),
                "parse_plain_last" => drop(black_box(parse_plain(last))),
                "kinds22_first" => drop(black_box(parse_generated(first))),
                "kinds44_first" => drop(black_box(parse_generated44(first))),
                "kinds22_last_kind" => drop(black_box(parse_generated(LAST_KIND_22.as_bytes()))),
                "kinds44_last_kind" => drop(black_box(parse_generated44(LAST_KIND_44.as_bytes()))),
                "unwrap_generated" => drop(black_box(unwrap_ours(&v, &small))),
                "unwrap_standardwebhooks_derived" => drop(black_box(unwrap_standard(&v, &small))),
                "unwrap_hmac_plain_struct" => drop(black_box(unwrap_floor(&v, &small))),
                "verify64k" => verify_ours(&v, &big, ts),
                "sha256_64k" => drop(black_box(sha256(&big.body))),
                other => panic!("unknown variant {other}; one of {}", VARIANTS.join(" ")),
            }
        }
    };
    run(1);
    run(n);
}
