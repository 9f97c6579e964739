#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| webhook_fuzz::targets::spec_diff(data));
