// A handler written against the current spec, compiled against a copy of the spec in which
// `session.created` became `session.started`.
mod drifted {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/drift/session_created_renamed.md");
}

struct Audit;

#[webhook_types::webhook_handler(types = drifted)]
impl Audit {
    fn on_session_created(&self, data: &drifted::BetaWebhookSessionCreatedEventData) {
        let _ = data;
    }
    fn on_session_deleted(&self, data: &drifted::BetaWebhookSessionDeletedEventData) {
        let _ = data;
    }
}

fn main() {}
