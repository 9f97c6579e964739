// Two members of one union share the tag `ping.started`.
mod ping {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/duplicate_tag.md");
}

fn main() {}
