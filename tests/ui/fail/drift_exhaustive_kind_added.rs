// An `exhaustive` handler complete for the small spec `valid.md`, compiled against the same
// spec with one kind added: the new kind is reported missing.
mod ping {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/kind_added.md");
}

struct Complete;

#[webhook_types::webhook_handler(exhaustive, types = ping)]
impl Complete {
    fn on_ping_started(&self, data: &ping::PingStartedData) {
        let _ = data;
    }
    fn on_ping_stopped(&self, data: &ping::PingStoppedData) {
        let _ = data;
    }
}

fn main() {}
