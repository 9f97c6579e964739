// Handlers borrow themselves; `self` by value is rejected.
use webhook_types::{BetaWebhookSessionCreatedEventData, webhook_handler};

struct Handler;

#[webhook_handler]
impl Handler {
    fn on_session_created(self, data: &BetaWebhookSessionCreatedEventData) {
        let _ = data;
    }
}

fn main() {}
