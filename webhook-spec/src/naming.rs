//! How spec names become Rust names. The one place that knows the casing rules.
//!
//! - type names are snake case in the spec (`beta_webhook_event`) and CamelCase in Rust
//!   (`BetaWebhookEvent`); the spec also writes references in CamelCase;
//! - tags become variant names by splitting on `.`, `_` and `-` (`vault_credential.refresh_failed`
//!   → `VaultCredentialRefreshFailed`) and handler method names by replacing `.` and `-` with `_`
//!   (`on_vault_credential_refresh_failed`);
//! - field names stay as they are; Rust keywords become raw identifiers (`r#type`) or, where raw
//!   identifiers are not allowed (`self`, `super`, `crate`, `Self`), get a trailing underscore.

/// `beta_webhook_event` → `BetaWebhookEvent`. Also accepts `.` and `-` as word separators.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split(['_', '.', '-']).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// `BetaWebhookEvent` → `beta_webhook_event`; a name already in snake case is returned unchanged.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The enum variant for a tag: `session.status_idled` → `SessionStatusIdled`.
pub fn variant_name(tag: &str) -> String {
    camel_case(tag)
}

/// The handler method for a tag: `session.status_idled` → `on_session_status_idled`.
pub fn handler_name(tag: &str) -> String {
    format!("on_{}", tag.replace(['.', '-'], "_"))
}

/// The snake-case method stem for a tag without the `on_` prefix: `session.created` →
/// `session_created`.
pub fn tag_snake(tag: &str) -> String {
    tag.replace(['.', '-'], "_")
}

/// Rust's strict and reserved keywords (2024 edition), which cannot be used as plain identifiers.
pub const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is made of ASCII letters, digits and `_`, does not start with a digit, and is
/// not `_` alone: the names a spec may use for types and fields. Keywords are allowed (they are
/// renamed by [`field_ident`]).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a tag can become a variant and a method name: ASCII letters, digits, `_`, `.` and
/// `-`, starting with a letter, with at least one letter or digit between separators.
pub fn is_valid_tag(tag: &str) -> bool {
    tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// The Rust spelling of a field name: the name itself, `r#name` for keywords, or `name_` for
/// the keywords that cannot be raw identifiers.
pub fn field_ident(name: &str) -> String {
    match name {
        "self" | "Self" | "super" | "crate" => format!("{name}_"),
        _ if is_keyword(name) => format!("r#{name}"),
        _ => name.to_string(),
    }
}

/// The Rust type name for a spec type name, avoiding names that would clash with the prelude
/// or keywords (`self` → `Self_`).
pub fn type_ident(name: &str) -> String {
    let camel = camel_case(name);
    if is_keyword(&camel)
        || matches!(
            camel.as_str(),
            "Option" | "Result" | "String" | "Vec" | "Box"
        )
    {
        format!("{camel}_")
    } else {
        camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_and_snake_round_trip() {
        assert_eq!(camel_case("beta_webhook_event"), "BetaWebhookEvent");
        assert_eq!(
            snake_case("BetaWebhookSessionCreatedEventData"),
            "beta_webhook_session_created_event_data"
        );
        assert_eq!(snake_case("beta_webhook_event"), "beta_webhook_event");
        assert_eq!(snake_case("HTTPHeader"), "http_header");
        assert_eq!(snake_case("Vault2Event"), "vault2_event");
        assert_eq!(
            camel_case(&snake_case("UnwrapWebhookEvent")),
            "UnwrapWebhookEvent"
        );
    }

    #[test]
    fn tags_become_variants_and_handlers() {
        assert_eq!(
            variant_name("vault_credential.refresh_failed"),
            "VaultCredentialRefreshFailed"
        );
        assert_eq!(variant_name("session.created"), "SessionCreated");
        assert_eq!(
            handler_name("vault_credential.refresh_failed"),
            "on_vault_credential_refresh_failed"
        );
    }

    #[test]
    fn identifiers_and_keywords() {
        assert!(is_identifier("workspace_id"));
        assert!(is_identifier("type"));
        assert!(!is_identifier("1st"));
        assert!(!is_identifier("foo-bar"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier(""));
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("match"), "r#match");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("id"), "id");
        assert!(is_valid_tag("session.status_idled"));
        assert!(!is_valid_tag("1.x"));
        assert!(!is_valid_tag("session created"));
    }
}
