// `strng` is no type.
mod ping {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/unknown_type.md");
}

fn main() {}
