// With two parameters, the first is the event envelope.
use webhook_types::{BetaWebhookSessionCreatedEventData, webhook_handler};

struct Handler;

#[webhook_handler]
impl Handler {
    fn on_session_created(&self, event: &str, data: &BetaWebhookSessionCreatedEventData) {
        let _ = (event, data);
    }
}

fn main() {}
