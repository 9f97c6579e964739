// `object { id, data, type, 1 more }` promises four fields; three are listed.
mod ping {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/summary_count.md");
}

fn main() {}
