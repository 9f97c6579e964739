// All `on_…` methods are async, or none is.
use webhook_types::{BetaWebhookSessionCreatedEventData, BetaWebhookSessionDeletedEventData, webhook_handler};

struct Handler;

#[webhook_handler]
impl Handler {
    async fn on_session_created(&self, data: &BetaWebhookSessionCreatedEventData) {
        let _ = data;
    }
    fn on_session_deleted(&self, data: &BetaWebhookSessionDeletedEventData) {
        let _ = data;
    }
}

fn main() {}
