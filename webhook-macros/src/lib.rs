//! The `generate!` proc-macro: reads a webhook spec at compile time and expands to the typed
//! event model. A thin shell: reading, validation and code generation live in `webhook-spec`.
//!
//! Use it through `webhook-types`, which re-exports it and provides the runtime the generated
//! code needs.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::quote;
use std::path::{Path, PathBuf};
use webhook_spec::codegen::{self, Options};
use webhook_spec::{Diagnostics, Format, ReadError};

/// Generates the types of a webhook spec: `generate!("spec/webhooks.md")`.
///
/// The path is relative to the calling crate's `CARGO_MANIFEST_DIR` (or absolute), and
/// `${NAME}` in it is replaced by the environment variable `NAME` at compile time; a `.json`
/// file is read as the JSON form of the model (feature `json`; without it, an error says so),
/// anything else as Markdown. Cargo rebuilds the
/// crate when the file changes. A spec with errors gives one `compile_error!` per problem, each
/// naming `file:line:col`.
///
/// The output refers to its runtime as `::webhook_types`, so the calling crate depends on
/// `webhook-types`.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let lit = match syn::parse::<syn::LitStr>(input) {
        Ok(lit) => lit,
        Err(e) => {
            let msg = format!(
                "{e}; expected the spec's path as a string literal, e.g. `generate!(\"spec/webhooks.md\")`"
            );
            return syn::Error::new(e.span(), msg).to_compile_error().into();
        }
    };
    expand(&lit.value(), lit.span()).into()
}

/// Turns an `impl` block of `on_<kind>` methods into a handler of the spec's events.
///
/// See `webhook_types::webhook_handler` for the documentation; this is its implementation.
#[proc_macro_attribute]
pub fn webhook_handler(attr: TokenStream, item: TokenStream) -> TokenStream {
    webhook_spec::handler::expand_attribute(attr.into(), item.into()).into()
}

/// The second half of `#[webhook_handler]`, called back by the spec's `__webhook_kinds!`
/// macro with the list of kinds. Not public API.
#[doc(hidden)]
#[proc_macro]
pub fn __handler_impl(input: TokenStream) -> TokenStream {
    webhook_spec::handler::expand_callback(input.into()).into()
}

fn expand(path: &str, span: Span) -> TokenStream2 {
    let path = match expand_env(path) {
        Ok(p) => p,
        Err(msg) => return syn::Error::new(span, msg).to_compile_error(),
    };
    let path = path.as_str();
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let full = manifest_dir.join(path);
    let display = display_name(&full, path);
    let options = Options {
        spec_name: display.clone(),
        ..Options::default()
    };
    match webhook_spec::read_file(&full, &display) {
        Ok(spec) => {
            let items = codegen::generate(&spec, &options);
            let track = track(&full);
            quote!(#track #items)
        }
        Err(ReadError::Io { error, .. }) => {
            let msg = if Path::new(path).is_absolute() {
                format!("cannot read spec file `{display}`: {error}")
            } else {
                format!(
                    "cannot read spec file `{display}` ({}): {error}\n\
                     note: the path is relative to the crate's directory (CARGO_MANIFEST_DIR)",
                    full.display()
                )
            };
            syn::Error::new(span, msg).to_compile_error()
        }
        Err(ReadError::Invalid(diagnostics)) => {
            let errors = compile_errors(&diagnostics, span);
            let stubs = stubs(&diagnostics);
            let track = track(&full);
            quote!(#track #errors #stubs)
        }
    }
}

/// Replaces each `${NAME}` in the path with the environment variable `NAME` (set by
/// `.cargo/config.toml`'s `[env]`, for example, so that tests built elsewhere find fixtures).
fn expand_env(path: &str) -> Result<String, String> {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!("unclosed `${{` in spec path `{path}`"));
        };
        let name = &after[..end];
        match std::env::var(name) {
            Ok(value) => out.push_str(&value),
            Err(_) => {
                return Err(format!(
                    "the spec path `{path}` uses `${{{name}}}`, but the environment variable `{name}` is not set"
                ));
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `const _: &[u8] = include_bytes!(…)`: makes Cargo rebuild the crate when the spec changes.
fn track(full: &Path) -> TokenStream2 {
    let abs = full.canonicalize().unwrap_or_else(|_| full.to_path_buf());
    let abs = abs.to_string_lossy().into_owned();
    quote!(
        const _: &[u8] = ::core::include_bytes!(#abs);
    )
}

/// One `compile_error!` per diagnostic, spanned at the path literal, carrying the
/// `--> file:line:col` block.
fn compile_errors(diagnostics: &Diagnostics, span: Span) -> TokenStream2 {
    // `rendered` indexes the source once (rendering each one on its own rescans it).
    let errors = diagnostics.rendered().into_iter().map(|rendered| {
        let text = rendered.strip_prefix("error: ").unwrap_or(&rendered);
        syn::Error::new(span, text).to_compile_error()
    });
    quote!(#(#errors)*)
}

/// Uninhabited stand-ins for the types the broken spec names, so the rest of the user's code
/// does not drown in "cannot find type" errors.
fn stubs(diagnostics: &Diagnostics) -> TokenStream2 {
    let format = Format::from_path(&diagnostics.file);
    let (spec, _) = webhook_spec::parse_as(format, &diagnostics.source);
    let mut names: Vec<String> = spec
        .types
        .iter()
        .map(|t| webhook_spec::naming::type_ident(&t.name))
        .filter(|n| syn::parse_str::<syn::Ident>(n).is_ok())
        .collect();
    names.sort();
    names.dedup();
    let idents = names
        .iter()
        .map(|n| proc_macro2::Ident::new(n, Span::call_site()));
    quote!(#(#[allow(missing_docs)] pub enum #idents {})*)
}

/// The spec path as messages show it: relative to the outermost directory above the spec that
/// holds a `Cargo.toml` (the workspace root, usually), else as written. This does not depend on
/// where the calling crate is built (trybuild builds tests under the target directory).
fn display_name(full: &Path, written: &str) -> String {
    let Ok(full) = full.canonicalize() else {
        return written.to_string();
    };
    full.ancestors()
        .skip(1)
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .last()
        .and_then(|root| full.strip_prefix(root).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| written.to_string())
}
