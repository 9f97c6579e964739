// `ping_started_data` is defined twice, with different types for `id`.
mod ping {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/conflicting_definitions.md");
}

fn main() {}
