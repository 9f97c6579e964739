//! End-to-end tests of the `webhook-spec` binary.
//!
//! The tests on `spec/webhooks.md` need the Markdown reader and the validator; the ones on
//! `tests/fixtures/small.json` only need the JSON reader.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{TempFile, assert_status, stderr, stdout};

/// The workspace's spec.
fn workspace_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/webhooks.md")
}

/// The small JSON spec fixture (two event kinds).
fn small_json() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.json")
}

/// Runs the binary with `args` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_webhook-spec"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the webhook-spec binary runs")
}

/// Runs the binary with `args` in this crate's directory.
fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// `webhook_spec::read` on a file, panicking with the rendered diagnostics.
fn read(path: &Path) -> webhook_spec::Spec {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.to_str().unwrap();
    webhook_spec::read(name, &text).unwrap_or_else(|d| panic!("{d}"))
}

// --- the workspace spec (needs the Markdown reader) ------------------------------------------

#[test]
fn check_workspace_spec() {
    let output = run(&["check", workspace_spec().to_str().unwrap()]);
    assert_status(&output, 0);
    let out = stdout(&output);
    assert!(out.contains("session.created"), "{out}");
    assert!(out.contains("vault_credential.refresh_failed"), "{out}");
    assert!(out.contains("BetaWebhookSessionCreatedEventData"), "{out}");
    assert!(out.contains("22"), "{out}");
}

#[test]
fn check_finds_the_spec_from_the_workspace_and_below() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for (dir, shown) in [
        (root.to_path_buf(), "spec/webhooks.md"),
        (root.join("webhook-spec"), "../spec/webhooks.md"),
        (root.join("webhook-spec/src"), "../../spec/webhooks.md"),
    ] {
        let output = run_in(&dir, &["check"]);
        assert_status(&output, 0);
        let out = stdout(&output);
        let shown = shown.replace('/', std::path::MAIN_SEPARATOR_STR);
        assert!(out.starts_with(&format!("{shown}: ok")), "{out}");
        assert!(out.contains("session.created"), "{out}");
    }
}

#[test]
fn check_reports_an_invalid_markdown_spec() {
    let text = std::fs::read_to_string(workspace_spec()).unwrap();
    let needle = "- `organization_id: string`";
    let at = text
        .find(needle)
        .expect("the spec has an organization_id field");
    let line = text[..at].matches('\n').count() + 1;
    let broken = text.replacen(needle, "- `organization_id: strng`", 1);
    let file = TempFile::new("broken.md", &broken);

    let output = run(&["check", file.path()]);
    assert_status(&output, 1);
    let err = stderr(&output);
    assert!(err.contains("error:"), "{err}");
    assert!(err.contains("strng"), "{err}");
    let location = format!("--> {}:{line}:", file.path());
    let column = err
        .split(&location)
        .nth(1)
        .unwrap_or_else(|| panic!("no `{location}` in:\n{err}"));
    assert!(column.starts_with(|c: char| c.is_ascii_digit()), "{err}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn events_lists_kinds_structs_and_fields() {
    let output = run(&["events", workspace_spec().to_str().unwrap()]);
    assert_status(&output, 0);
    let out = stdout(&output);
    let row = out
        .lines()
        .find(|l| l.starts_with("session.thread_created "))
        .unwrap_or_else(|| panic!("no session.thread_created row in:\n{out}"));
    assert!(
        row.contains("BetaWebhookSessionThreadCreatedEventData"),
        "{row}"
    );
    assert!(row.contains("session_thread_id"), "{row}");
    // A header and one row per kind.
    assert_eq!(out.lines().count(), 1 + 22, "{out}");
}

#[test]
fn json_reads_back_to_the_same_model() {
    let output = run(&["json", workspace_spec().to_str().unwrap()]);
    assert_status(&output, 0);
    let out = stdout(&output);
    let _: serde_json::Value = serde_json::from_str(&out).expect("`json` prints JSON");

    let from_json = webhook_spec::read("x.json", &out).unwrap_or_else(|d| panic!("{d}"));
    let from_markdown = read(&workspace_spec());
    // Source positions are `#[serde(skip)]` but take part in `PartialEq`, and they differ
    // between the Markdown and the JSON text; compare what the models say (their JSON form)
    // rather than the models themselves.
    assert_eq!(
        serde_json::to_value(&from_json).unwrap(),
        serde_json::to_value(&from_markdown).unwrap()
    );
    assert_eq!(from_json.event_tags().len(), 22);
}

// --- failures that need no reader ------------------------------------------------------------

#[test]
fn missing_file_exits_2() {
    let output = run(&["check", "no/such/spec.md"]);
    assert_status(&output, 2);
    let err = stderr(&output);
    assert!(
        err.contains("cannot read spec file `no/such/spec.md`"),
        "{err}"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn no_spec_to_find_exits_2() {
    let dir = std::env::temp_dir();
    if dir
        .ancestors()
        .any(|d| d.join("spec/webhooks.md").is_file())
    {
        return; // an unusual temp dir inside a checkout: nothing to test
    }
    let output = run_in(&dir, &["events"]);
    assert_status(&output, 2);
    let err = stderr(&output);
    assert!(err.contains("no `"), "{err}");
    assert!(err.contains("webhook-spec events PATH"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_status(&run(&[]), 2);
    assert_status(&run(&["frobnicate"]), 2);
    let help = run(&["--help"]);
    assert_status(&help, 0);
    assert!(stdout(&help).contains("Exit status"), "{}", stdout(&help));
}

// --- the JSON fixture (needs only the JSON reader) -------------------------------------------

#[test]
fn check_json_fixture() {
    let output = run(&["check", small_json().to_str().unwrap()]);
    assert_status(&output, 0);
    let out = stdout(&output);
    assert!(out.contains(": ok, 4 types"), "{out}");
    assert!(out.contains("demo_event_data"), "{out}");
    assert!(out.contains("2 kinds"), "{out}");
    assert!(out.contains("item.created"), "{out}");
    assert!(out.contains("DemoItemDeletedEventData"), "{out}");
}

#[test]
fn events_json_fixture() {
    let output = run(&["events", small_json().to_str().unwrap()]);
    assert_status(&output, 0);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let columns: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(columns[0], ["KIND", "STRUCT", "FIELDS"], "{out}");
    assert_eq!(
        columns[1],
        [
            "item.created",
            "DemoItemCreatedEventData",
            "id, type, workspace_id"
        ],
        "{out}"
    );
    assert_eq!(
        columns[2],
        [
            "item.deleted",
            "DemoItemDeletedEventData",
            "id, type, reason"
        ],
        "{out}"
    );
    // Aligned: every column starts at the same place on every line.
    let start = |line: &str, text: &str| line.find(text).unwrap();
    assert_eq!(
        start(lines[0], "STRUCT"),
        start(lines[1], "DemoItemCreatedEventData")
    );
    assert_eq!(start(lines[0], "FIELDS"), start(lines[2], "id, type"));
}

#[test]
fn json_fixture_round_trips() {
    let output = run(&["json", small_json().to_str().unwrap()]);
    assert_status(&output, 0);
    let out = stdout(&output);
    let back = webhook_spec::read("x.json", &out).unwrap_or_else(|d| panic!("{d}"));
    // Positions differ between the two texts (see `json_reads_back_to_the_same_model`).
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(read(&small_json())).unwrap()
    );
}

#[test]
fn check_reports_an_invalid_json_spec() {
    let text = std::fs::read_to_string(small_json()).unwrap().replacen(
        "\"kind\": \"string\"",
        "\"kind\": \"strng\"",
        1,
    );
    let line = text
        .lines()
        .position(|l| l.contains("strng"))
        .map(|i| i + 1)
        .unwrap();
    let column = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("\"strng\""))
        .map(|i| i + 1)
        .unwrap();
    let file = TempFile::new("broken.json", &text);

    let output = run(&["check", file.path()]);
    assert_status(&output, 1);
    let err = stderr(&output);
    assert!(err.contains("error: unknown type kind `strng`"), "{err}");
    assert!(
        err.contains(&format!("--> {}:{line}:{column}", file.path())),
        "{err}"
    );
    assert!(err.contains("did you mean `string`?"), "{err}");
    assert!(err.ends_with("has 1 problem\n"), "{err}");
}

#[test]
fn check_reports_a_json_syntax_error() {
    let file = TempFile::new(
        "syntax.json",
        "{\n  \"types\": [\n    {\"name\" \"x\"}\n  ]\n}\n",
    );
    let output = run(&["check", file.path()]);
    assert_status(&output, 1);
    let err = stderr(&output);
    assert!(err.contains("error: invalid JSON: expected `:`"), "{err}");
    assert!(err.contains(&format!("--> {}:3:13", file.path())), "{err}");
}
