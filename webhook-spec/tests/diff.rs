//! End-to-end tests of `webhook-spec diff OLD NEW`: the report and the exit status.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{TempFile, assert_status, stderr, stdout};

/// A path relative to the workspace root.
fn workspace(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// Runs `webhook-spec diff` with `args` in the workspace root, so paths display as given.
fn diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_webhook-spec"))
        .arg("diff")
        .args(args)
        .current_dir(workspace(""))
        .output()
        .expect("the webhook-spec binary runs")
}

/// The report line (marker, location, summary) that mentions `needle`.
#[track_caller]
fn line_with<'a>(out: &'a str, needle: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(needle) && (l.contains("BREAKING") || l.contains(" ok ")))
        .unwrap_or_else(|| panic!("no report line with `{needle}` in:\n{out}"))
}

/// The 1-based line of the first `needle` in the file at `path`.
fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() + 1
}

/// A small spec: one event kind pair and an object with a required and an optional field.
const SMALL: &str = r#"# Webhooks

## Domain Types

### Ping Event

- `ping_event: object { id, data, type }`

  - `id: string`

  - `data: PingStartedData or PingStoppedData`

    - `ping_started_data: object { id, type }`

      - `id: string`

      - `type: "ping.started"`

    - `ping_stopped_data: object { id, reason, attempts, type }`

      - `id: string`

      - `reason: optional string`

        Why it stopped.

      - `attempts: integer`

      - `type: "ping.stopped"`

  - `type: "event"`
"#;

#[test]
fn removed_kind_is_breaking() {
    let output = diff(&["spec/webhooks.md", "tests/drift/session_created_removed.md"]);
    assert_status(&output, 1);
    let out = stdout(&output);
    let line = line_with(&out, "`session.created`");
    assert!(line.trim_start().starts_with("BREAKING"), "{out}");
    // A removal points into the old spec.
    let expected = line_of(
        &workspace("spec/webhooks.md"),
        "beta_webhook_session_created_event_data: object",
    );
    assert!(
        line.contains(&format!("spec/webhooks.md:{expected}:")),
        "{out}"
    );
    assert!(out.ends_with("1 change, 1 breaking\n"), "{out}");
}

#[test]
fn renamed_kind_is_removed_and_added_with_a_note() {
    let output = diff(&["spec/webhooks.md", "tests/drift/session_created_renamed.md"]);
    assert_status(&output, 1);
    let out = stdout(&output);
    let removed = line_with(&out, "kind `session.created`");
    assert!(removed.contains("BREAKING"), "{out}");
    assert!(removed.contains("removed"), "{out}");
    let added = line_with(&out, "kind `session.started`");
    assert!(added.trim_start().starts_with("ok"), "{out}");
    assert!(added.contains("added"), "{out}");
    assert!(
        added.contains("tests/drift/session_created_renamed.md:"),
        "{out}"
    );
    assert!(
        out.contains("possibly renamed from `session.created`"),
        "{out}"
    );
    assert!(out.contains("2 changes, 1 breaking"), "{out}");
}

#[test]
fn same_spec_twice_has_no_changes() {
    let output = diff(&["spec/webhooks.md", "spec/webhooks.md"]);
    assert_status(&output, 0);
    let out = stdout(&output);
    assert!(out.starts_with("no changes"), "{out}");
    assert!(!out.contains("BREAKING"), "{out}");
}

#[test]
fn added_kind_is_compatible_but_noted_for_exhaustive_handlers() {
    let output = diff(&["tests/ui/specs/valid.md", "tests/ui/specs/kind_added.md"]);
    assert_status(&output, 0);
    let out = stdout(&output);
    let line = line_with(&out, "`ping.resumed`");
    assert!(line.trim_start().starts_with("ok"), "{out}");
    let expected = line_of(
        &workspace("tests/ui/specs/kind_added.md"),
        "ping_resumed_data: object",
    );
    assert!(
        line.contains(&format!("tests/ui/specs/kind_added.md:{expected}:")),
        "{out}"
    );
    assert!(out.contains("exhaustive"), "{out}");
    assert!(out.contains("on_ping_resumed"), "{out}");
    assert!(out.contains("1 change, 0 breaking"), "{out}");
}

#[test]
fn allow_breaking_exits_zero_and_still_reports() {
    let output = diff(&[
        "spec/webhooks.md",
        "tests/drift/session_created_removed.md",
        "--allow-breaking",
    ]);
    assert_status(&output, 0);
    let out = stdout(&output);
    assert!(
        line_with(&out, "`session.created`").contains("BREAKING"),
        "{out}"
    );
    assert!(out.contains("1 breaking"), "{out}");
}

#[test]
fn changed_field_type_is_breaking() {
    let old = TempFile::new("type-old.md", SMALL);
    let new = TempFile::new(
        "type-new.md",
        &SMALL.replace("`attempts: integer`", "`attempts: string`"),
    );
    let output = diff(&[old.path(), new.path()]);
    assert_status(&output, 1);
    let out = stdout(&output);
    let line = line_with(&out, "ping_stopped_data.attempts");
    assert!(line.contains("BREAKING"), "{out}");
    assert!(line.contains("`integer` → `string`"), "{out}");
    let expected = line_of(Path::new(new.path()), "- `attempts");
    assert!(
        line.contains(&format!("{}:{expected}:", new.path())),
        "{out}"
    );
}

#[test]
fn optional_to_required_is_breaking() {
    let old = TempFile::new("required-old.md", SMALL);
    let new = TempFile::new(
        "required-new.md",
        &SMALL.replace("`reason: optional string`", "`reason: string`"),
    );
    let output = diff(&[old.path(), new.path()]);
    assert_status(&output, 1);
    let out = stdout(&output);
    let line = line_with(&out, "ping_stopped_data.reason");
    assert!(line.contains("BREAKING"), "{out}");
    assert!(line.contains("now required"), "{out}");
    assert!(out.ends_with("1 change, 1 breaking\n"), "{out}");
}

#[test]
fn added_optional_field_and_description_are_compatible() {
    let old = TempFile::new("compatible-old.md", SMALL);
    let new = TempFile::new(
        "compatible-new.md",
        &SMALL
            .replace(
                "object { id, reason, attempts, type }",
                "object { id, reason, attempts, note, type }",
            )
            .replace(
                "      - `type: \"ping.stopped\"`",
                "      - `note: optional string`\n\n      - `type: \"ping.stopped\"`",
            )
            .replace("Why it stopped.", "Why the ping stopped."),
    );
    let output = diff(&[old.path(), new.path()]);
    assert_status(&output, 0);
    let out = stdout(&output);
    assert!(
        line_with(&out, "field `note` added").contains(" ok "),
        "{out}"
    );
    assert!(
        line_with(&out, "description of `ping_stopped_data.reason`").contains(" ok "),
        "{out}"
    );
    assert!(out.ends_with("2 changes, 0 breaking\n"), "{out}");
}

#[test]
fn invalid_or_missing_specs_exit_two() {
    let output = diff(&["spec/webhooks.md", "tests/ui/specs/unknown_type.md"]);
    assert_status(&output, 2);
    let err = stderr(&output);
    assert!(err.contains("unknown type `strng`"), "{err}");
    assert!(err.contains("tests/ui/specs/unknown_type.md:"), "{err}");
    assert!(stdout(&output).is_empty());

    let output = diff(&["spec/does-not-exist.md", "spec/webhooks.md"]);
    assert_status(&output, 2);
    assert!(stderr(&output).contains("does-not-exist.md"));

    // --allow-breaking does not hide an invalid spec.
    let output = diff(&[
        "tests/ui/specs/unknown_type.md",
        "spec/webhooks.md",
        "--allow-breaking",
    ]);
    assert_status(&output, 2);
}
