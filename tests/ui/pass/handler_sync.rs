// A downstream handler: some kinds, the envelope when wanted, fallbacks, `&mut self`, and a
// `Result` return type; `handle` dispatches and the generated trait is implemented.
use webhook_types::{
    BetaWebhookEvent, BetaWebhookEventHandler, BetaWebhookSessionCreatedEventData,
    BetaWebhookVaultDeletedEventData, UnknownEventData, webhook_handler,
};

#[derive(Default)]
struct Audit {
    log: Vec<String>,
}

#[webhook_handler]
impl Audit {
    fn on_session_created(&mut self, data: &BetaWebhookSessionCreatedEventData) -> Result<(), String> {
        self.log.push(format!("created {}", data.id));
        Ok(())
    }

    fn on_vault_deleted(
        &mut self,
        event: &BetaWebhookEvent,
        data: BetaWebhookVaultDeletedEventData,
    ) -> Result<(), String> {
        self.log.push(format!("vault {} deleted in {}", data.id, event.id));
        Ok(())
    }

    fn on_unknown(&mut self, data: &UnknownEventData) -> Result<(), String> {
        Err(format!("unknown {}", data.tag))
    }

    fn on_other(&mut self, event: &BetaWebhookEvent) -> Result<(), String> {
        self.log.push(format!("other {}", event.data.type_str()));
        Ok(())
    }

    fn not_a_handler(&self) -> usize {
        self.log.len()
    }
}

fn event(data: &str) -> BetaWebhookEvent {
    let body = format!(r#"{{"id":"whe_1","created_at":"2026-03-15T10:00:00Z","type":"event","data":{data}}}"#);
    BetaWebhookEvent::parse(body.as_bytes()).expect("valid event")
}

fn dispatch<H: BetaWebhookEventHandler>(h: &mut H, e: &BetaWebhookEvent) -> H::Output {
    h.handle(e)
}

fn main() {
    let mut audit = Audit::default();
    let ids = r#""id":"x_1","organization_id":"org_1","workspace_id":"wrkspc_1""#;
    assert_eq!(audit.handle(&event(&format!(r#"{{{ids},"type":"session.created"}}"#))), Ok(()));
    assert_eq!(audit.handle(&event(&format!(r#"{{{ids},"type":"vault.deleted"}}"#))), Ok(()));
    assert_eq!(dispatch(&mut audit, &event(&format!(r#"{{{ids},"type":"session.idled"}}"#))), Ok(()));
    assert_eq!(
        audit.handle(&event(r#"{"type":"session.paused"}"#)),
        Err("unknown session.paused".to_string())
    );
    assert_eq!(audit.log, ["created x_1", "vault x_1 deleted in whe_1", "other session.idled"]);
    assert_eq!(audit.not_a_handler(), 3);
}
