//! The compile-fail suite: handler mistakes, malformed specs and spec drift must fail to compile
//! with the messages pinned in `tests/ui/fail/*.stderr`; the `pass` cases must build and run.
//!
//! The `.stderr` files are pinned to the machine's toolchain (Rust 1.95). Regenerate them with
//! `TRYBUILD=overwrite cargo test -p webhook-tests --test ui` and read every line before committing.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
