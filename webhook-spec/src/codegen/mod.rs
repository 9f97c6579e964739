//! Code generation: a validated [`Spec`] → Rust items (`proc_macro2::TokenStream`).
//!
//! The generator knows the *format* of a spec, never its content: every name, field and kind
//! comes from the model. What it emits, for each definition:
//!
//! | spec | Rust |
//! |---|---|
//! | object | a struct with public fields in spec order and hand-written serde impls; a string-literal field (`type: "event"`) is implied by the struct: checked when parsing, written when serializing, not stored |
//! | discriminated union | a `#[non_exhaustive]` enum with one variant per tag plus `Unknown`, a single-pass deserializer that finds the tag wherever it sits, a kind enum, accessors, a visitor trait, handler traits and `parse` |
//! | other union | an enum (`"a" or "b"` → unit variants; mixed → untagged newtype variants) |
//! | same shape as an earlier definition | a type alias |
//! | anything else | a type alias |
//!
//! Field types: `string` → `String` (or `jiff::Timestamp` when the field's description says
//! "RFC 3339"), `number` → `serde_json::Number` (exact, and `Eq`), `integer` → `i64`,
//! `boolean` → `bool`, `optional T` → `Option<T>`, `array of T` → `Vec<T>`, `map[T]` →
//! `BTreeMap<String, T>`. Anonymous objects and unions are named after their place
//! (`ParentField`), unless an anonymous union is identical to a named one, which is then used.
//!
//! Generated code reaches serde, serde_json and jiff through [`Options::runtime`]
//! (`::webhook_types` by default), so a crate using the output needs only that one dependency.

mod handler;
mod object;
pub(crate) mod union;

use crate::model::{Spec, Type, TypeDef};
use crate::naming;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The path of the runtime crate, as Rust tokens (`::webhook_types`).
    pub runtime: TokenStream,
    /// The spec file as it should be named in docs and messages (`spec/webhooks.md`).
    pub spec_name: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime: quote!(::webhook_types),
            spec_name: "spec/webhooks.md".to_string(),
        }
    }
}

/// Generates the Rust items for `spec` (which must have passed validation).
pub fn generate(spec: &Spec, options: &Options) -> TokenStream {
    let mut g = Generator::new(spec, options);
    g.run();
    let items = g.items;
    quote!(#(#items)*)
}

/// Generates the Rust items for `spec` and pretty-prints them as a Rust source file.
#[cfg(feature = "pretty")]
pub fn expand(spec: &Spec, options: &Options) -> String {
    let tokens = generate(spec, options);
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        // Unreachable for valid specs; show the raw tokens rather than nothing.
        Err(_) => tokens.to_string(),
    }
}

/// The state of one generation run: the spec, the names given to anonymous types, and the
/// items emitted so far.
pub(crate) struct Generator<'a> {
    pub(crate) spec: &'a Spec,
    pub(crate) options: &'a Options,
    pub(crate) items: Vec<TokenStream>,
    /// Anonymous types already emitted, by name (to reuse identical ones).
    anonymous: BTreeMap<String, &'a Type>,
    /// Whether the short `__webhook_kinds` alias has been emitted (for the first union).
    kinds_macro_emitted: bool,
}

/// How a Rust field is read and written.
pub(crate) struct FieldPlan<'a> {
    /// The JSON name.
    pub(crate) name: &'a str,
    /// The Rust field name.
    pub(crate) ident: Ident,
    /// The full Rust type (`Option<T>` for optional fields).
    pub(crate) ty: TokenStream,
    /// Optional fields may be absent or `null`.
    pub(crate) optional: bool,
    /// A string-literal field: implied by the struct, not stored.
    pub(crate) literal: Option<&'a str>,
    /// The rustdoc text.
    pub(crate) doc: String,
    /// Whether the spec describes the field (else `doc` is a generated line).
    pub(crate) described: bool,
}

impl<'a> Generator<'a> {
    fn new(spec: &'a Spec, options: &'a Options) -> Self {
        Generator {
            spec,
            options,
            items: Vec::new(),
            anonymous: BTreeMap::new(),
            kinds_macro_emitted: false,
        }
    }

    fn run(&mut self) {
        for def in &self.spec.types {
            self.definition(def);
        }
    }

    /// The runtime's re-export module (`::webhook_types::__private`).
    pub(crate) fn rt(&self) -> TokenStream {
        let runtime = &self.options.runtime;
        quote!(#runtime::__private)
    }

    /// The runtime crate path.
    pub(crate) fn runtime(&self) -> &TokenStream {
        &self.options.runtime
    }

    /// `Spec: \`name\` in spec/webhooks.md (section “…”).`
    pub(crate) fn origin(&self, name: &str, section: Option<&str>) -> String {
        match section {
            Some(section) => format!(
                "Spec: `{name}` in `{}`, section “{section}”.",
                self.options.spec_name
            ),
            None => format!("Spec: `{name}` in `{}`.", self.options.spec_name),
        }
    }

    fn definition(&mut self, def: &'a TypeDef) {
        let ident = ident(&naming::type_ident(&def.name));
        let mut doc = Vec::new();
        if let Some(d) = &def.description {
            doc.push(d.clone());
        }
        if let Some(target) = &def.same_as {
            let target_ident = ident_for(target);
            doc.push(format!(
                "The same shape as [`{target_ident}`]: the spec defines it twice, identically."
            ));
            doc.push(self.origin(&def.name, def.section.as_deref()));
            let doc = doc_attrs(&doc);
            self.items
                .push(quote! { #doc pub type #ident = #target_ident; });
            return;
        }
        doc.push(self.origin(&def.name, def.section.as_deref()));
        match &def.ty {
            Type::Object(object) => {
                self.object(&ident, &def.name, def.section.as_deref(), &doc, object)
            }
            Type::Union(u) if u.discriminator.is_some() => {
                self.discriminated_union(&ident, &def.name, &doc, u)
            }
            Type::Union(u) => self.plain_union(&ident, &doc, &u.members),
            other => {
                let ty = self.rust_type(other, &ident.to_string(), None);
                let doc = doc_attrs(&doc);
                self.items.push(quote! { #doc pub type #ident = #ty; });
            }
        }
    }

    /// The Rust type for a field type; anonymous objects and unions are emitted as items named
    /// `context`. `description` is the field's (for the RFC 3339 rule).
    pub(crate) fn rust_type(
        &mut self,
        ty: &'a Type,
        context: &str,
        description: Option<&str>,
    ) -> TokenStream {
        match ty {
            Type::String if is_timestamp(description) => {
                let rt = self.rt();
                quote!(#rt::jiff::Timestamp)
            }
            Type::String | Type::Literal { .. } => quote!(::std::string::String),
            Type::Number => {
                let rt = self.rt();
                quote!(#rt::serde_json::Number)
            }
            Type::Integer => quote!(i64),
            Type::Boolean => quote!(bool),
            Type::Optional { of } => {
                let inner = self.rust_type(of, context, description);
                quote!(::core::option::Option<#inner>)
            }
            Type::Array { of } => {
                let inner = self.rust_type(of, &format!("{context}Item"), description);
                quote!(::std::vec::Vec<#inner>)
            }
            Type::Map { of } => {
                let inner = self.rust_type(of, &format!("{context}Value"), description);
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            Type::Ref { name } => {
                let i = ident_for(name);
                quote!(#i)
            }
            Type::Object(_) | Type::Union(_) => {
                // An anonymous union identical to a named definition is that definition.
                if let Some(named) = self.spec.types.iter().find(|d| d.ty == *ty) {
                    let i = ident_for(&named.name);
                    return quote!(#i);
                }
                // `ParentField` might already name a definition of the spec: step aside.
                let mut context = context.to_string();
                while self
                    .spec
                    .types
                    .iter()
                    .any(|d| naming::type_ident(&d.name) == context)
                {
                    context.push_str("Inline");
                }
                let context = context.as_str();
                let i = ident(context);
                if self.anonymous.insert(context.to_string(), ty).is_none() {
                    let doc = vec![format!(
                        "An anonymous type of `{}` (named after where it appears).",
                        self.options.spec_name
                    )];
                    match ty {
                        Type::Object(o) => self.object(&i, context, None, &doc, o),
                        Type::Union(u) if u.discriminator.is_some() => {
                            self.discriminated_union(&i, context, &doc, u)
                        }
                        Type::Union(u) => self.plain_union(&i, &doc, &u.members),
                        _ => {}
                    }
                }
                quote!(#i)
            }
        }
    }

    /// Plans the Rust side of an object's fields. `where_` names the spec place the object
    /// comes from, for fields without a description.
    pub(crate) fn field_plans(
        &mut self,
        owner: &Ident,
        where_: &str,
        fields: &'a [crate::model::Field],
    ) -> Vec<FieldPlan<'a>> {
        fields
            .iter()
            .map(|f| {
                let context = format!("{owner}{}", naming::camel_case(&f.name));
                let literal = f.ty.as_literal();
                let optional = matches!(f.ty, Type::Optional { .. });
                let ty = self.rust_type(&f.ty, &context, f.description.as_deref());
                let doc = match (&f.description, &f.ty) {
                    (Some(d), _) => d.clone(),
                    (None, Type::Ref { .. } | Type::Union(_) | Type::Object(_)) => {
                        format!(
                            "`{}`: a [`{}`], as defined in {where_}.",
                            f.name,
                            ty.to_string().replace(' ', "")
                        )
                    }
                    (None, other) => {
                        format!(
                            "`{}`: `{}`, as defined in {where_}.",
                            f.name,
                            other.describe()
                        )
                    }
                };
                FieldPlan {
                    name: &f.name,
                    ident: field_ident(&f.name),
                    ty,
                    optional,
                    literal,
                    doc,
                    described: f.description.is_some(),
                }
            })
            .collect()
    }

    fn plain_union(&mut self, ident: &Ident, doc: &[String], members: &'a [Type]) {
        let rt = self.rt();
        let serde_path = format!("{rt}::serde").replace(' ', "");
        let doc = doc_attrs(doc);
        let mut used = BTreeMap::new();
        let all_literals = members.iter().all(|m| m.as_literal().is_some());
        let variants: Vec<TokenStream> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let base = match m.as_literal() {
                    Some(v) => sanitize_variant(v),
                    None => sanitize_variant(&m.describe()),
                };
                let name = unique(&mut used, base, i);
                let v = ident_str(&name);
                match m.as_literal() {
                    Some(value) if all_literals => {
                        let d = format!("`{value:?}`");
                        quote! { #[doc = #d] #[serde(rename = #value)] #v }
                    }
                    _ => {
                        let ty = self.rust_type(m, &format!("{ident}{name}"), None);
                        let d = format!("`{}`", m.describe());
                        quote! { #[doc = #d] #v(#ty) }
                    }
                }
            })
            .collect();
        let untagged = if all_literals {
            quote!()
        } else {
            quote!(#[serde(untagged)])
        };
        let copy = if all_literals {
            quote!(Copy, Hash, PartialOrd, Ord,)
        } else {
            quote!()
        };
        self.items.push(quote! {
            #doc
            #[derive(Debug, Clone, #copy PartialEq, Eq, #rt::serde::Serialize, #rt::serde::Deserialize)]
            #[serde(crate = #serde_path)]
            #untagged
            pub enum #ident { #(#variants,)* }
        });
    }
}

impl Generator<'_> {
    /// `impl Deserialize for #ident` that reads a JSON object: `consts` go first, `body` is the
    /// body of `visit_map` (with the map access in scope as `__map`).
    pub(crate) fn deserialize_map_impl(
        &self,
        ident: &Ident,
        expecting: &str,
        consts: TokenStream,
        body: TokenStream,
    ) -> TokenStream {
        let rt = self.rt();
        quote! {
            impl<'de> #rt::serde::Deserialize<'de> for #ident {
                fn deserialize<__D: #rt::serde::Deserializer<'de>>(
                    __deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    #consts
                    struct __Visitor;
                    impl<'de> #rt::serde::de::Visitor<'de> for __Visitor {
                        type Value = #ident;
                        fn expecting(
                            &self,
                            __f: &mut ::core::fmt::Formatter<'_>,
                        ) -> ::core::fmt::Result {
                            __f.write_str(#expecting)
                        }
                        fn visit_map<__A: #rt::serde::de::MapAccess<'de>>(
                            self,
                            mut __map: __A,
                        ) -> ::core::result::Result<#ident, __A::Error> {
                            #body
                        }
                    }
                    __deserializer.deserialize_map(__Visitor)
                }
            }
        }
    }
}

/// Whether a `string` field holds a timestamp: its description mentions RFC 3339.
fn is_timestamp(description: Option<&str>) -> bool {
    description.is_some_and(|d| {
        let d = d.to_ascii_lowercase();
        d.contains("rfc 3339") || d.contains("rfc3339")
    })
}

/// An identifier from a string known to be valid.
pub(crate) fn ident(name: &str) -> Ident {
    ident_str(name)
}

fn ident_str(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type identifier of a spec type name.
pub(crate) fn ident_for(spec_name: &str) -> Ident {
    ident(&naming::type_ident(spec_name))
}

/// The Rust field identifier of a spec field name.
pub(crate) fn field_ident(name: &str) -> Ident {
    ident_str(&naming::field_ident(name))
}

/// `#[doc = "…"]` lines, with blank lines between paragraphs.
pub(crate) fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let mut lines = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(p.lines().map(|l| format!(" {l}")));
    }
    quote!(#(#[doc = #lines])*)
}

/// A CamelCase variant name from arbitrary text: words of ASCII letters and digits.
pub(crate) fn sanitize_variant(text: &str) -> String {
    let words: String = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() || words.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{words}")
    } else if naming::is_keyword(&words) {
        format!("{words}_")
    } else {
        words
    }
}

fn unique(used: &mut BTreeMap<String, ()>, base: String, index: usize) -> String {
    let name = if used.contains_key(&base) {
        format!("{base}{index}")
    } else {
        base
    };
    used.insert(name.clone(), ());
    name
}

/// A `format_ident!` shorthand for generated locals.
pub(crate) fn local(prefix: &str, i: usize) -> Ident {
    format_ident!("__{}{}", prefix, i)
}
