// A method for a kind the spec does not have: the error names the spec and suggests a kind.
use webhook_types::webhook_handler;

struct Handler;

#[webhook_handler]
impl Handler {
    fn on_session_idle(&self, data: &webhook_types::BetaWebhookSessionIdledEventData) {
        let _ = data;
    }
}

fn main() {}
