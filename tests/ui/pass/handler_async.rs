// `async fn` handlers make `handle` async, and implement the async handler trait.
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use webhook_types::{
    BetaWebhookEvent, BetaWebhookEventAsyncHandler, BetaWebhookSessionCreatedEventData,
    webhook_handler,
};

struct Counter {
    created: usize,
}

#[webhook_handler]
impl Counter {
    async fn on_session_created(&mut self, data: &BetaWebhookSessionCreatedEventData) -> usize {
        let _ = data;
        self.created += 1;
        self.created
    }
}

fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

async fn via_trait<H: BetaWebhookEventAsyncHandler>(h: &mut H, e: &BetaWebhookEvent) -> H::Output {
    h.handle(e).await
}

fn main() {
    let created = BetaWebhookEvent::from_json_str(
        r#"{"id":"whe_1","created_at":"2026-03-15T10:00:00Z","type":"event","data":{"id":"sesn_1","organization_id":"org_1","type":"session.created","workspace_id":"wrkspc_1"}}"#,
    )
    .expect("valid event");
    let other = BetaWebhookEvent::from_json_str(
        r#"{"id":"whe_2","created_at":"2026-03-15T10:00:00Z","type":"event","data":{"id":"sesn_1","organization_id":"org_1","type":"session.deleted","workspace_id":"wrkspc_1"}}"#,
    )
    .expect("valid event");
    let mut counter = Counter { created: 0 };
    assert_eq!(block_on(counter.handle(&created)), 1);
    assert_eq!(block_on(via_trait(&mut counter, &created)), 2);
    // No method and no `on_other`: the default value.
    assert_eq!(block_on(counter.handle(&other)), 0);
}
