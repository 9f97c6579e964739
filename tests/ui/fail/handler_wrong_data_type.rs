// The data parameter of `on_session_created` must be its own struct.
use webhook_types::{BetaWebhookSessionIdledEventData, webhook_handler};

struct Handler;

#[webhook_handler]
impl Handler {
    fn on_session_created(&self, data: &BetaWebhookSessionIdledEventData) {
        let _ = data;
    }
}

fn main() {}
