//! Malformed specs: every problem is reported once, with its exact message and position.
//!
//! Small specs live in `tests/fixtures/malformed/`; problems in the seed are made by editing
//! `spec/webhooks.md` in the test.

use webhook_spec::model::UnionType;
use webhook_spec::{Diagnostic, Diagnostics, Pos, Spec, Type, TypeDef};

fn fixture(name: &str) -> (String, Diagnostics) {
    let path = format!(
        "{}/tests/fixtures/malformed/{name}.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    let display = format!("tests/fixtures/malformed/{name}.md");
    let problems = match webhook_spec::read(&display, &text) {
        Ok(_) => panic!("{display} was accepted"),
        Err(problems) => problems,
    };
    (text, problems)
}

fn problems(name: &str) -> Diagnostics {
    fixture(name).1
}

fn seed() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/webhooks.md");
    std::fs::read_to_string(path).expect("the seed spec is readable")
}

/// The seed with the first `from` replaced by `to`, read.
fn seed_with(from: &str, to: &str) -> Diagnostics {
    let seed = seed();
    assert!(seed.contains(from), "the seed does not contain {from:?}");
    read_seed(&seed.replacen(from, to, 1))
}

fn read_seed(text: &str) -> Diagnostics {
    match webhook_spec::read("spec/webhooks.md", text) {
        Ok(_) => panic!("the edited seed was accepted"),
        Err(problems) => problems,
    }
}

/// The only problem reported.
fn single(problems: &Diagnostics) -> &Diagnostic {
    assert_eq!(problems.items.len(), 1, "expected one problem:\n{problems}");
    &problems.items[0]
}

#[track_caller]
fn assert_problem(problem: &Diagnostic, line: u32, column: u32, message: &str) {
    assert_eq!(
        (problem.pos, problem.message.as_str()),
        (Pos::new(line, column), message)
    );
}

// ---------------------------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------------------------

#[test]
fn object_summary_count_mismatch() {
    let problems = problems("object_summary_count");
    let problem = single(&problems);
    // "- `thing: object { id, name, 1 more }`": `object` is at column 11.
    assert_problem(
        problem,
        5,
        11,
        "object summary lists 3 fields but 2 are defined below it",
    );
    assert_eq!(
        problem.help.as_deref(),
        Some("the fields defined are: id, name")
    );
}

#[test]
fn object_summary_count_mismatch_in_the_seed() {
    // The section definition of `vault.deleted` says 3 fields but defines 4.
    let problems = seed_with(
        "\n- `beta_webhook_vault_deleted_event_data: object { id, organization_id, type, workspace_id }`",
        "\n- `beta_webhook_vault_deleted_event_data: object { id, organization_id, type }`",
    );
    assert_problem(
        single(&problems),
        935,
        43,
        "object summary lists 3 fields but 4 are defined below it",
    );
}

#[test]
fn object_summary_name_mismatch() {
    let problems = seed_with(
        "object { id, created_at, data, type }",
        "object { id, created, data, type }",
    );
    let problem = single(&problems);
    // Line 7: "- `beta_webhook_event: object { id, created, data, type }`".
    assert_problem(
        problem,
        7,
        37,
        "object summary lists `created` as field 2 but field 2 is `created_at`",
    );
    assert_eq!(
        problem.related,
        Some((Pos::new(13, 6), "field 2 is defined here".to_string()))
    );
}

#[test]
fn object_summary_without_fields() {
    let problems = problems("object_summary_without_fields");
    let problem = single(&problems);
    assert_problem(
        problem,
        5,
        11,
        "object summary lists fields but none are defined below it",
    );
    assert_eq!(
        problem.help.as_deref(),
        Some("list each field as a nested item: - `name: type`")
    );
}

#[test]
fn union_summary_count_mismatch() {
    let problems = seed_with("or 19 more", "or 18 more");
    let problem = single(&problems);
    // Line 17: "  - `data: BetaWebhookSessionCreatedEventData or …": the first member is at column 12.
    assert_problem(
        problem,
        17,
        12,
        "union summary lists 21 members but 22 are defined below it",
    );
    let help = problem.help.as_deref().unwrap_or_default();
    assert!(help.starts_with(
        "the members defined are: BetaWebhookSessionCreatedEventData, BetaWebhookSessionPendingEventData,"
    ));
    assert!(help.ends_with(", BetaWebhookVaultCredentialRefreshFailedEventData"));
}

#[test]
fn union_summary_name_mismatch() {
    let problems = seed_with(
        "- `beta_webhook_event_data: BetaWebhookSessionCreatedEventData or BetaWebhookSessionPendingEventData or BetaWebhookSessionRunningEventData",
        "- `beta_webhook_event_data: BetaWebhookSessionCreatedEventData or BetaWebhookSessionRunningEventData or BetaWebhookSessionPendingEventData",
    );
    let problem = single(&problems);
    assert_problem(
        problem,
        317,
        67,
        "union summary lists `BetaWebhookSessionRunningEventData` as member 2 but member 2 is \
         `BetaWebhookSessionPendingEventData` (`beta_webhook_session_pending_event_data`)",
    );
    assert_eq!(
        problem.related,
        Some((Pos::new(331, 6), "member 2 is defined here".to_string()))
    );
}

#[test]
fn union_summary_with_more_but_no_members() {
    let problems = problems("union_more_without_members");
    let problem = single(&problems);
    // "  - `data: BetaA or BetaB or 2 more`": `2` is at column 30.
    assert_problem(
        problem,
        7,
        30,
        "union summary ends with `2 more` but no members are listed below it",
    );
}

// ---------------------------------------------------------------------------------------------
// Repeated definitions
// ---------------------------------------------------------------------------------------------

/// The section definition of `session.created` (line 627), with its first field.
const CREATED_SECTION: &str = "\n- `beta_webhook_session_created_event_data: object { id, organization_id, type, workspace_id }`\n\n  - `id: string`\n\n    ID of the session that triggered the event.";

#[test]
fn repeated_definition_with_another_field_type() {
    let problems = seed_with(
        CREATED_SECTION,
        &CREATED_SECTION.replace("`id: string`", "`id: integer`"),
    );
    let problem = single(&problems);
    assert_problem(
        problem,
        629,
        6,
        "`beta_webhook_session_created_event_data` is defined differently here: field `id` is \
         `integer` here but `string` at 21:10",
    );
    assert_eq!(
        problem.related,
        Some((Pos::new(21, 10), "first defined here".to_string()))
    );
}

#[test]
fn repeated_definition_with_another_description() {
    let problems = seed_with(
        CREATED_SECTION,
        &CREATED_SECTION.replace(
            "ID of the session that triggered the event.",
            "ID of the new session.",
        ),
    );
    assert_problem(
        single(&problems),
        629,
        6,
        "`beta_webhook_session_created_event_data` is defined differently here: field `id` is \
         described as \"ID of the new session.\" here but as \"ID of the session that triggered \
         the event.\" at 21:10",
    );
}

#[test]
fn repeated_definition_without_a_field() {
    let seed = seed();
    let section = "\n- `beta_webhook_vault_deleted_event_data: object { id, organization_id, type, workspace_id }`";
    let start = seed.find(section).expect("the section is there");
    let workspace = "  - `workspace_id: string`\n";
    let offset = seed
        .get(start..)
        .and_then(|rest| rest.find(workspace))
        .expect("the field is there");
    let mut text = seed.clone();
    text.replace_range(start + offset..start + offset + workspace.len(), "");
    let text = text.replacen(section, &section.replace(", workspace_id }", " }"), 1);
    let problems = read_seed(&text);
    assert_problem(
        single(&problems),
        935,
        4,
        "`beta_webhook_vault_deleted_event_data` is defined differently here: field \
         `workspace_id` is missing here but defined at 245:10",
    );
}

#[test]
fn a_description_given_once_is_not_a_difference() {
    // Dropping a field description from one of the four definitions is fine.
    let seed = seed();
    let text = seed.replacen(
        CREATED_SECTION,
        &CREATED_SECTION.replace("\n\n    ID of the session that triggered the event.", ""),
        1,
    );
    assert_ne!(text, seed);
    let spec = webhook_spec::read("spec/webhooks.md", &text).expect("still valid");
    let created = spec
        .get("beta_webhook_session_created_event_data")
        .expect("defined");
    let Type::Object(object) = &created.ty else {
        panic!("not an object")
    };
    assert_eq!(
        object.fields[0].description.as_deref(),
        Some("ID of the session that triggered the event.")
    );
}

// ---------------------------------------------------------------------------------------------
// Type syntax
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_type_with_suggestion() {
    let problems = seed_with("`created_at: string`", "`created_at: strng`");
    let problem = single(&problems);
    // "  - `created_at: strng`": `strng` is at column 18.
    assert_problem(problem, 13, 18, "unknown type `strng`");
    assert_eq!(problem.help.as_deref(), Some("did you mean `string`?"));
}

#[test]
fn unknown_type_syntax() {
    let problems = problems("unknown_type_list");
    let problem = single(&problems);
    assert_problem(problem, 7, 12, "unknown type `list`");
    assert_eq!(
        problem.help.as_deref(),
        Some("write `array of T` for a list of values")
    );
}

#[test]
fn unterminated_literal() {
    let problems = problems("unterminated_literal");
    assert_problem(single(&problems), 7, 12, "unterminated string literal");
}

#[test]
fn every_problem_is_reported_at_once() {
    let problems = problems("many_problems");
    let found: Vec<(Pos, &str, Option<&str>)> = problems
        .items
        .iter()
        .map(|p| (p.pos, p.message.as_str(), p.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Pos::new(7, 10),
                "unknown type `strng`",
                Some("did you mean `string`?")
            ),
            (
                Pos::new(9, 13),
                "unknown type `int`",
                Some("did you mean `integer`?")
            ),
            (Pos::new(11, 22), "expected a type after `or`", None),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// List items
// ---------------------------------------------------------------------------------------------

#[test]
fn list_item_without_code_span() {
    let problems = seed_with("  - `created_at: string`", "  - created_at: string");
    // Only this problem: the envelope's summary is not checked against an incomplete field
    // list, so no count mismatch follows from it.
    assert_problem(
        single(&problems),
        13,
        5,
        "list item does not start with a `name: type` code span",
    );
}

#[test]
fn code_span_without_name_and_type() {
    let problems = problems("code_span_without_colon");
    let problem = single(&problems);
    assert_problem(
        problem,
        5,
        4,
        "expected `name: type` in the code span, found `thing`",
    );
    assert_eq!(
        problem.help.as_deref(),
        Some("write the item as - `name: type`, for example - `id: string`")
    );
}

#[test]
fn code_span_that_is_prose() {
    let problems = seed_with("  - `created_at: string`", "  - `the creation time`");
    assert_problem(
        single(&problems),
        13,
        6,
        "expected `name: type` in the code span, found `the creation time`",
    );
}

#[test]
fn nested_items_under_a_primitive() {
    let problems = problems("nested_items_under_string");
    assert_problem(
        single(&problems),
        9,
        7,
        "nested items are only allowed under `object { … }`, a union of type names or a type name",
    );
}

#[test]
fn code_block_inside_a_list_item() {
    let problems = problems("code_block_in_item");
    assert_problem(
        single(&problems),
        9,
        9,
        "unexpected code block inside a list item",
    );
}

#[test]
fn section_without_a_type() {
    let problems = problems("section_without_type");
    assert_problem(single(&problems), 3, 1, "section `Empty` defines no type");
}

#[test]
fn spec_without_types() {
    let problems = problems("no_types");
    let problem = single(&problems);
    assert_problem(problem, 1, 1, "no type definitions found");
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_field() {
    let problems = problems("duplicate_field");
    let problem = single(&problems);
    assert_problem(problem, 11, 6, "duplicate field `id`");
    assert_eq!(
        problem.related,
        Some((Pos::new(7, 6), "first defined here".to_string()))
    );
}

#[test]
fn duplicate_tag() {
    let problems = read_seed(&seed().replace("\"session.pending\"", "\"session.created\""));
    let problem = single(&problems);
    // The `type` field of the first definition of `session.pending`'s member (line 39).
    assert_problem(
        problem,
        39,
        10,
        "tag `session.created` is used by both `BetaWebhookSessionCreatedEventData` and \
         `BetaWebhookSessionPendingEventData`",
    );
    assert_eq!(
        problem.related,
        Some((Pos::new(27, 10), "first used here".to_string()))
    );
}

#[test]
fn member_without_a_literal_type() {
    let problems = problems("untagged_member");
    let problem = single(&problems);
    assert_problem(
        problem,
        5,
        4,
        "some members of this union have a string-literal `type` field but `BetaB` has none",
    );
    assert_eq!(
        problem.related,
        Some((Pos::new(13, 6), "`BetaB` is defined here".to_string()))
    );
}

#[test]
fn member_without_a_literal_type_in_the_seed_is_reported_once() {
    // `vault.deleted` loses its tag in all four definitions; it sits in three unions.
    let problems = read_seed(&seed().replace("`type: \"vault.deleted\"`", "`type: string`"));
    let problem = single(&problems);
    assert_problem(
        problem,
        17,
        6,
        "some members of this union have a string-literal `type` field but \
         `BetaWebhookVaultDeletedEventData` has none",
    );
}

#[test]
fn undefined_reference_with_suggestion() {
    let problems = problems("undefined_reference");
    let problem = single(&problems);
    assert_problem(problem, 9, 6, "no type `BetaEvnt` is defined");
    assert_eq!(problem.help.as_deref(), Some("did you mean `BetaEvent`?"));
}

#[test]
fn field_name_that_is_not_an_identifier() {
    let problems = problems("field_name_not_identifier");
    assert_problem(
        single(&problems),
        9,
        6,
        "field name `foo-bar` is not an identifier",
    );
}

#[test]
fn type_name_that_is_not_an_identifier() {
    let problems = problems("type_name_not_identifier");
    assert_problem(
        single(&problems),
        5,
        4,
        "type name `2nd_thing` is not an identifier",
    );
}

#[test]
fn invalid_tag() {
    let problems = problems("invalid_tag");
    let problem = single(&problems);
    assert_problem(problem, 13, 8, "invalid tag `session created`");
    assert_eq!(
        problem.help.as_deref(),
        Some(
            "a tag starts with a letter and contains only ASCII letters, digits, `_`, `.` and `-`"
        )
    );
}

#[test]
fn tags_with_the_same_variant_name() {
    let problems = problems("variant_collision");
    let problem = single(&problems);
    assert_problem(
        problem,
        13,
        8,
        "tags `a.b_c` and `a_b.c` both become the variant `ABC`",
    );
    assert_eq!(
        problem.related,
        Some((Pos::new(9, 8), "first used here".to_string()))
    );
}

#[test]
fn empty_union() {
    // Only possible in the JSON form; built by hand here.
    let spec = Spec {
        title: None,
        types: vec![TypeDef::new(
            "nothing",
            Type::Union(UnionType::default()),
            Pos::new(3, 5),
        )],
    };
    let (_, problems) = webhook_spec::validate::validate(spec);
    assert_eq!(
        problems,
        [Diagnostic::new(Pos::new(3, 5), "union has no members")]
    );
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

#[test]
fn rendering_shows_the_location_and_the_line() {
    let (text, problems) = fixture("unknown_type_list");
    let rendered = problems.to_string();
    assert!(
        rendered.contains("  --> tests/fixtures/malformed/unknown_type_list.md:7:12\n"),
        "{rendered}"
    );
    let line = text.lines().nth(6).expect("line 7");
    assert_eq!(line, "  - `tags: list<string>`");
    assert!(rendered.contains(&format!("7 | {line}\n")), "{rendered}");
    assert!(
        rendered.contains("= help: write `array of T` for a list of values"),
        "{rendered}"
    );
    assert!(
        rendered.ends_with("error: tests/fixtures/malformed/unknown_type_list.md has 1 problem")
    );
}

#[test]
fn rendering_shows_the_first_definition() {
    let problems = seed_with(
        CREATED_SECTION,
        &CREATED_SECTION.replace("`id: string`", "`id: integer`"),
    );
    let rendered = problems.to_string();
    for expected in [
        "error: `beta_webhook_session_created_event_data` is defined differently here",
        "  --> spec/webhooks.md:629:6\n",
        "629 |   - `id: integer`\n",
        "note: first defined here\n",
        "  --> spec/webhooks.md:21:10\n",
        "21 |       - `id: string`\n",
    ] {
        assert!(rendered.contains(expected), "{expected:?} in:\n{rendered}");
    }
}
