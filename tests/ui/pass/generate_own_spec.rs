// A downstream crate generates types for its own spec, parses, visits and handles them, with an
// `exhaustive` handler that covers every kind of that spec.
mod ping {
    webhook_types::generate!("${WEBHOOK_TESTS_DIR}/ui/specs/valid.md");
}

use ping::{PingEvent, PingEventData, PingEventKind, PingEventVisitor, PingStartedData, PingStoppedData};

struct Complete;

#[webhook_types::webhook_handler(exhaustive, types = ping)]
impl Complete {
    fn on_ping_started(&self, data: &PingStartedData) -> String {
        format!("started {}", data.id)
    }
    fn on_ping_stopped(&self, event: &PingEvent, data: &PingStoppedData) -> String {
        format!("{} stopped {} ({:?})", event.id, data.id, data.reason)
    }
}

struct Names;

impl PingEventVisitor for Names {
    type Output = &'static str;
    fn visit_other(&mut self, _: &PingEvent) -> &'static str {
        "other"
    }
    fn visit_ping_stopped(&mut self, _: &PingEvent, _: &PingStoppedData) -> &'static str {
        "stopped"
    }
}

fn main() {
    let stopped = PingEvent::from_json_str(
        r#"{"type":"event","data":{"reason":"done","type":"ping.stopped","id":"p_1"},"id":"e_1"}"#,
    )
    .expect("valid event");
    assert!(matches!(stopped.data, PingEventData::PingStopped(_)));
    assert_eq!(stopped.data.kind(), Some(PingEventKind::PingStopped));
    assert_eq!(PingEventKind::ALL, [PingEventKind::PingStarted, PingEventKind::PingStopped]);
    assert_eq!(Complete.handle(&stopped), "e_1 stopped p_1 (Some(\"done\"))");
    assert_eq!(stopped.accept(&mut Names), "stopped");
    let started = PingEvent::from_json_str(r#"{"id":"e_2","data":{"id":"p_2","type":"ping.started"},"type":"event"}"#)
        .expect("valid event");
    assert_eq!(Complete.handle(&started), "started p_2");
    assert_eq!(started.accept(&mut Names), "other");
}
