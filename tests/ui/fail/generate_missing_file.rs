// The spec file does not exist.
mod ping {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/no_such_spec.md");
}

fn main() {}
