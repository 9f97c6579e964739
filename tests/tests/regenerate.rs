//! Regeneration is proven, not assumed: a small crate generates its types from a copy of the
//! spec, the spec gains a 23rd kind and a new field, and a second `cargo build` must pick both
//! up (Cargo tracks the spec through the `include_bytes!` that `generate!` emits).
//!
//! The fixture crate builds in its own target directory under `target/tmp` with `--offline`,
//! reusing the workspace's `Cargo.lock`.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r##"
webhook_types::generate!("spec.md");

fn main() {
    let kinds: Vec<&str> = BetaWebhookEventKind::ALL.iter().map(|k| k.as_str()).collect();
    println!("kinds {}", kinds.len());
    println!("last {}", kinds[kinds.len() - 1]);
    let body = br#"{"id":"whe_1","created_at":"2026-03-15T10:00:00Z","type":"event","data":{"id":"sesn_1","organization_id":"org_1","reason":"manual","type":"session.created","workspace_id":"wrkspc_1"}}"#;
    let event = BetaWebhookEvent::parse(body).expect("valid event");
    println!("json {}", serde_json::to_string(&event.data).expect("serializes"));
    let body = br#"{"id":"whe_2","created_at":"2026-03-15T10:00:00Z","type":"event","data":{"id":"sesn_1","organization_id":"org_1","type":"session.paused","workspace_id":"wrkspc_1"}}"#;
    let event = BetaWebhookEvent::parse(body).expect("valid event");
    println!("paused {}", if event.data.is_unknown() { "unknown" } else { "known" });
}
"##;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// Adds `session.paused` to every union of the spec (as the last member) and an optional
/// `reason` field to every definition of `session.created`.
fn drift(spec: &str) -> String {
    let member = |indent: &str| {
        [
            "- `beta_webhook_session_paused_event_data: object { id, organization_id, type, workspace_id }`",
            "",
            "  - `id: string`",
            "",
            "    ID of the session that triggered the event.",
            "",
            "  - `organization_id: string`",
            "",
            "  - `type: \"session.paused\"`",
            "",
            "  - `workspace_id: string`",
            "",
        ]
        .iter()
        .map(|l| if l.is_empty() { String::new() } else { format!("{indent}{l}") })
        .collect::<Vec<_>>()
        .join("\n")
            + "\n"
    };
    let mut out = String::new();
    for line in spec.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let indent = &trimmed[..trimmed.len() - trimmed.trim_start().len()];
        if trimmed == "  - `type: \"event\"`" {
            out.push_str(&member("    "));
            out.push('\n');
        } else if trimmed == "### Beta Webhook Session Archived Event Data" {
            out.push_str(&member("  "));
            out.push('\n');
        }
        let line = line.replace(
            "beta_webhook_session_created_event_data: object { id, organization_id, type, workspace_id }",
            "beta_webhook_session_created_event_data: object { id, organization_id, type, 2 more }",
        );
        out.push_str(&line.replace("or 19 more", "or 20 more"));
        if trimmed.trim_start() == "- `type: \"session.created\"`" {
            out.push_str(&format!(
                "\n{indent}- `reason: optional string`\n\n{indent}  Why the session was created.\n"
            ));
        }
    }
    out
}

fn run(dir: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the fixture crate failed to build or run:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn editing_the_spec_and_rebuilding_regenerates_the_types() {
    let root = workspace();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("regenerate-fixture");
    std::fs::create_dir_all(dir.join("src")).expect("fixture dir");
    let manifest = format!(
        "[package]\nname = \"regenerate-fixture\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwebhook-types = {{ path = {:?}, default-features = false }}\nserde_json = \"1\"\n\n[workspace]\n",
        root.join("webhook-types")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lockfile");
    std::fs::write(dir.join("src/main.rs"), MAIN).expect("main.rs");
    let spec = std::fs::read_to_string(root.join("spec/webhooks.md")).expect("spec");
    std::fs::write(dir.join("spec.md"), &spec).expect("spec copy");

    let before = run(&dir);
    assert!(before.contains("kinds 22\n"), "{before}");
    assert!(
        before.contains("last vault_credential.refresh_failed\n"),
        "{before}"
    );
    assert!(
        !before.contains("reason"),
        "no `reason` field yet: {before}"
    );
    assert!(before.contains("paused unknown\n"), "{before}");

    let drifted = drift(&spec);
    assert_ne!(drifted, spec);
    webhook_spec::read("spec.md", &drifted).expect("the drifted spec is valid");
    std::fs::write(dir.join("spec.md"), drifted).expect("drifted spec");

    let after = run(&dir);
    assert!(after.contains("kinds 23\n"), "{after}");
    assert!(after.contains("last session.paused\n"), "{after}");
    assert!(
        after.contains(r#""reason":"manual""#),
        "the new field is kept: {after}"
    );
    assert!(after.contains("paused known\n"), "{after}");
}
