// `exhaustive` demands a method for every kind; the error lists the missing ones.
use webhook_types::{BetaWebhookSessionCreatedEventData, BetaWebhookVaultDeletedEventData, webhook_handler};

struct Handler;

#[webhook_handler(exhaustive)]
impl Handler {
    fn on_session_created(&self, data: &BetaWebhookSessionCreatedEventData) {
        let _ = data;
    }
    fn on_vault_deleted(&self, data: &BetaWebhookVaultDeletedEventData) {
        let _ = data;
    }
}

fn main() {}
