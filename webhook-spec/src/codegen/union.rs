//! Discriminated unions → an event enum, a kind enum, accessors, a visitor and parse entry points.
//!
//! For a union discriminated by `type` whose members are `beta_webhook_…_event_data` objects:
//!
//! - `enum BetaWebhookEventData { SessionCreated(BetaWebhookSessionCreatedEventData), …,
//!   Unknown(UnknownEventData) }`, `#[non_exhaustive]`;
//! - deserialization in **one pass** without buffering the object: every field any member has
//!   is read into a slot keyed by name, the tag wherever it sits; at the end of the object the
//!   tag picks the member, which takes its fields out of the slots (errors name the kind and the
//!   field). A tag the spec does not know keeps the whole raw object as `Unknown`. Keys no member
//!   has are kept (as JSON values) until a known tag has been seen, and skipped after it; a key
//!   that some member has is read once, so a duplicate of it is an error whatever the kind;
//! - the *context* of the union is the one object that holds it in a field (the envelope,
//!   `BetaWebhookEvent`), or the union itself when there is no single such object. The kind enum
//!   (`BetaWebhookEventKind`), the visitor trait (`BetaWebhookEventVisitor`) and `parse` are named
//!   after and attached to the context;
//! - accessors on the union for string fields: `&str` when every member has the field,
//!   `Option<&str>` when only some do.

use super::{Generator, doc_attrs, field_ident, ident_for};
use crate::model::{ObjectType, Type, UnionType};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Method names the union enum defines itself; a field of this name gets no accessor.
const RESERVED: &[&str] = &["kind", "type_str", "is_unknown", "accept", "unknown"];

/// One member of a discriminated union, as the generator sees it.
struct Member<'a> {
    tag: &'a str,
    variant: Ident,
    payload: TokenStream,
    payload_name: String,
    object: Option<&'a ObjectType>,
    description: Option<&'a str>,
}

/// Where a discriminated union lives: the envelope object and its field, or nowhere.
pub(crate) struct Context {
    /// The Rust name of the context type.
    pub(crate) ident: Ident,
    /// The field of the context holding the union (`None` when the context is the union).
    pub(crate) field: Option<Ident>,
}

impl<'a> Generator<'a> {
    /// The single object type with a field of this union's type, if exactly one.
    pub(crate) fn union_context(&self, union_ident: &Ident, union: &UnionType) -> Context {
        let union_name = union_ident.to_string();
        let mut found = Vec::new();
        for def in &self.spec.types {
            let Type::Object(o) = &def.ty else { continue };
            if def.same_as.is_some() {
                continue;
            }
            for f in &o.fields {
                let holds = match &f.ty {
                    Type::Ref { name } => naming::type_ident(name) == union_name,
                    Type::Union(u) => u == union,
                    _ => false,
                };
                if holds {
                    found.push((ident_for(&def.name), field_ident(&f.name)));
                }
            }
        }
        match found.as_slice() {
            [(ident, field)] => Context {
                ident: ident.clone(),
                field: Some(field.clone()),
            },
            _ => Context {
                ident: union_ident.clone(),
                field: None,
            },
        }
    }

    /// Emits everything for a discriminated union.
    pub(crate) fn discriminated_union(
        &mut self,
        ident: &Ident,
        spec_name: &str,
        doc: &[String],
        union: &'a UnionType,
    ) {
        let Some(disc) = &union.discriminator else {
            return;
        };
        let members: Vec<Member<'a>> = union
            .members
            .iter()
            .zip(&disc.tags)
            .map(|(m, tag)| {
                let variant = super::ident(&naming::variant_name(&tag.value));
                let payload = self.rust_type(m, &format!("{ident}{variant}"), None);
                let def = match m {
                    Type::Ref { name } => self.spec.get(name),
                    _ => None,
                };
                Member {
                    tag: &tag.value,
                    variant,
                    payload_name: payload.to_string().replace(' ', ""),
                    payload,
                    object: self.spec.object_of(m),
                    description: def.and_then(|d| d.description.as_deref()),
                }
            })
            .collect();
        let context = self.union_context(ident, union);
        let kind = format_ident!("{}Kind", context.ident);
        let tag_field = disc.field.as_str();

        let rt = self.rt();
        let runtime = self.runtime().clone();
        let variants = members.iter().map(|m| {
            let (v, p) = (&m.variant, &m.payload);
            let mut d = vec![format!("`{}`: [`{}`].", m.tag, m.payload_name)];
            d.extend(m.description.map(str::to_string));
            let d = doc_attrs(&d);
            quote!(#d #v(#p))
        });
        let mut enum_doc = doc.to_vec();
        enum_doc.push(format!(
            "Told apart by the `{tag_field}` field. A tag this spec does not know parses as \
             [`{ident}::Unknown`] instead of failing; [`{kind}`] lists the known ones."
        ));
        let enum_doc = doc_attrs(&enum_doc);
        let unknown_doc = "A kind the spec does not define (yet): its tag and raw JSON object.";

        let ser_arms = members.iter().map(|m| {
            let v = &m.variant;
            quote!(#ident::#v(__d) => #rt::serde::Serialize::serialize(__d, __serializer),)
        });

        let de = self.union_deserialize(ident, spec_name, tag_field, &members);
        let kind_enum = self.kind_enum(&kind, &context.ident, &members);
        let methods = self.union_methods(ident, &kind, tag_field, &members);
        let visitor = self.visitor(ident, &context, &kind, &members);
        let parse = self.parse_methods(ident, &context, spec_name);
        let handler = self.handler_support(
            ident,
            &context,
            super::handler::KindList {
                kinds: members
                    .iter()
                    .map(|m| (m.tag, &m.variant, &m.payload))
                    .collect(),
            },
        );

        self.items.push(quote! {
            #enum_doc
            #[derive(Debug, Clone, PartialEq, Eq)]
            #[non_exhaustive]
            pub enum #ident {
                #(#variants,)*
                #[doc = #unknown_doc]
                Unknown(#runtime::UnknownEventData),
            }

            impl #rt::serde::Serialize for #ident {
                fn serialize<__S: #rt::serde::Serializer>(
                    &self,
                    __serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    match self {
                        #(#ser_arms)*
                        #ident::Unknown(__d) => #rt::serde::Serialize::serialize(__d, __serializer),
                    }
                }
            }

            #de
            #kind_enum
            #methods
            #visitor
            #parse
            #handler
        });
    }

    fn union_deserialize(
        &self,
        ident: &Ident,
        spec_name: &str,
        tag_field: &str,
        members: &[Member<'a>],
    ) -> TokenStream {
        let rt = self.rt();
        // Every field any member has, in first-seen order, after the tag.
        let mut names: Vec<&str> = Vec::new();
        for m in members {
            for f in m.object.map(|o| o.fields.as_slice()).unwrap_or_default() {
                if f.name != tag_field && !names.contains(&f.name.as_str()) {
                    names.push(&f.name);
                }
            }
        }
        let n = names.len();
        let tags = members.iter().map(|m| m.tag);
        let slot = |name: &str| names.iter().position(|x| *x == name).unwrap_or(0);
        let arms = members.iter().map(|m| {
            let (tag, v, p) = (m.tag, &m.variant, &m.payload);
            let fields = m.object.map(|o| o.fields.as_slice()).unwrap_or_default();
            let checks = fields
                .iter()
                .filter(|f| f.name != tag_field)
                .filter_map(|f| {
                    let i = slot(&f.name);
                    let name = f.name.as_str();
                    f.ty.as_literal().map(|value| {
                        quote!(#rt::de::take_literal::<__A::Error>(&mut __slots[#i], #tag, #name, #value)?;)
                    })
                });
            let inits = fields
                .iter()
                .filter(|f| f.ty.as_literal().is_none())
                .map(|f| {
                    let i = slot(&f.name);
                    let (name, fi) = (f.name.as_str(), field_ident(&f.name));
                    let plain_string = f.ty == Type::String
                        && !super::is_timestamp(f.description.as_deref());
                    if matches!(f.ty, Type::Optional { .. }) {
                        quote!(#fi: #rt::de::take_optional::<_, __A::Error>(&mut __slots[#i], #tag, #name)?)
                    } else if plain_string {
                        // The buffered string is moved out as is, without `Value`'s deserializer.
                        quote!(#fi: #rt::de::take_string::<__A::Error>(&mut __slots[#i], #tag, #name)?)
                    } else {
                        quote!(#fi: #rt::de::take::<_, __A::Error>(&mut __slots[#i], #tag, #name)?)
                    }
                });
            quote! {
                #tag => {
                    #(#checks)*
                    ::core::result::Result::Ok(#ident::#v(#p { #(#inits,)* }))
                }
            }
        });
        let expecting = format!("an object `{spec_name}` tagged by `{tag_field}`");
        let consts = quote! {
            const __KEYS: &[&str] = &[#tag_field, #(#names),*];
            const __TAGS: &[&str] = &[#(#tags),*];
        };
        let body = quote! {
            let mut __tag: ::core::option::Option<::std::borrow::Cow<'de, str>> =
                ::core::option::Option::None;
            let mut __slots: [::core::option::Option<#rt::serde_json::Value>; #n] =
                ::core::default::Default::default();
            let mut __extra = ::std::vec::Vec::new();
            while let ::core::option::Option::Some(__key) =
                __map.next_key_seed(#rt::de::KeepKey(__KEYS))?
            {
                match __key {
                    ::core::result::Result::Ok(0) => {
                        if __tag.is_some() {
                            return ::core::result::Result::Err(
                                #rt::serde::de::Error::duplicate_field(#tag_field),
                            );
                        }
                        __tag = ::core::option::Option::Some(
                            __map.next_value_seed(#rt::de::CowStr)?,
                        );
                    }
                    ::core::result::Result::Ok(__i) => {
                        #rt::de::set(&mut __slots[__i - 1], &mut __map, __KEYS[__i])?;
                    }
                    // A key no kind has: kept for an unknown kind, skipped
                    // once the tag is known to be one of ours.
                    ::core::result::Result::Err(__other) => {
                        if __tag.as_deref().is_some_and(|__t| __TAGS.contains(&__t)) {
                            __map.next_value::<#rt::serde::de::IgnoredAny>()?;
                        } else {
                            __extra.push((__other, __map.next_value()?));
                        }
                    }
                }
            }
            let __tag = __tag.ok_or_else(|| {
                <__A::Error as #rt::serde::de::Error>::missing_field(#tag_field)
            })?;
            match &*__tag {
                #(#arms)*
                _ => ::core::result::Result::Ok(#ident::Unknown(
                    #rt::de::unknown_object(
                        #tag_field,
                        __tag.into_owned(),
                        &__KEYS[1..],
                        __slots,
                        __extra,
                    ),
                )),
            }
        };
        self.deserialize_map_impl(ident, &expecting, consts, body)
    }

    fn kind_enum(&self, kind: &Ident, context: &Ident, members: &[Member<'a>]) -> TokenStream {
        let rt = self.rt();
        let runtime = self.runtime();
        let variants = members.iter().map(|m| {
            let v = &m.variant;
            let d = format!("`{}`: [`{}`].", m.tag, m.payload_name);
            quote!(#[doc = #d] #v)
        });
        let all = members.iter().map(|m| &m.variant);
        let as_str = members.iter().map(|m| {
            let (v, t) = (&m.variant, m.tag);
            quote!(#kind::#v => #t,)
        });
        let from_str = members.iter().map(|m| {
            let (v, t) = (&m.variant, m.tag);
            quote!(#t => ::core::result::Result::Ok(#kind::#v),)
        });
        let count = members.len();
        let doc = format!(
            "The kinds of [`{context}`] the spec defines ({count}), in spec order. \
             `as_str`/`Display` give the tag, `FromStr` reads one."
        );
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #kind { #(#variants,)* }

            impl #kind {
                /// Every kind, in spec order.
                pub const ALL: &'static [#kind] = &[#(#kind::#all),*];

                /// The tag, as it appears in the `type` field.
                pub const fn as_str(self) -> &'static str {
                    match self { #(#as_str)* }
                }
            }

            impl ::core::fmt::Display for #kind {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::core::str::FromStr for #kind {
                type Err = #runtime::UnknownKindError;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    match s {
                        #(#from_str)*
                        _ => ::core::result::Result::Err(#runtime::UnknownKindError {
                            tag: ::std::string::ToString::to_string(s),
                        }),
                    }
                }
            }

            impl #rt::serde::Serialize for #kind {
                fn serialize<__S: #rt::serde::Serializer>(
                    &self,
                    __serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    __serializer.serialize_str(self.as_str())
                }
            }
        }
    }

    fn union_methods(
        &self,
        ident: &Ident,
        kind: &Ident,
        tag_field: &str,
        members: &[Member<'a>],
    ) -> TokenStream {
        let kind_arms = members.iter().map(|m| {
            let v = &m.variant;
            quote!(#ident::#v(_) => ::core::option::Option::Some(#kind::#v),)
        });
        let str_arms = members.iter().map(|m| {
            let (v, t) = (&m.variant, m.tag);
            quote!(#ident::#v(_) => #t,)
        });
        let accessors = self.accessors(ident, tag_field, members);
        quote! {
            impl #ident {
                /// The kind, or `None` for a kind the spec does not define.
                pub fn kind(&self) -> ::core::option::Option<#kind> {
                    match self {
                        #(#kind_arms)*
                        #ident::Unknown(_) => ::core::option::Option::None,
                    }
                }

                /// The `type` tag, known or not.
                pub fn type_str(&self) -> &str {
                    match self {
                        #(#str_arms)*
                        #ident::Unknown(__d) => &__d.tag,
                    }
                }

                /// Whether this is a kind the spec does not define.
                pub fn is_unknown(&self) -> bool {
                    ::core::matches!(self, #ident::Unknown(_))
                }

                #accessors
            }
        }
    }

    /// String accessors: `&str` where every member has the field, `Option<&str>` otherwise.
    fn accessors(&self, ident: &Ident, tag_field: &str, members: &[Member<'a>]) -> TokenStream {
        let mut names: Vec<&str> = Vec::new();
        for m in members {
            for f in m.object.map(|o| o.fields.as_slice()).unwrap_or_default() {
                if f.name != tag_field && !names.contains(&f.name.as_str()) {
                    names.push(&f.name);
                }
            }
        }
        let mut out = Vec::new();
        for name in names {
            if RESERVED.contains(&name) {
                continue;
            }
            // (field, optional) per member; only plain strings get accessors.
            let per_member: Vec<Option<(&crate::model::Field, bool)>> = members
                .iter()
                .map(|m| {
                    m.object.and_then(|o| o.field(name)).map(|f| {
                        let optional = matches!(f.ty, Type::Optional { .. });
                        (f, optional)
                    })
                })
                .collect();
            let is_string = |f: &crate::model::Field| match &f.ty {
                Type::String | Type::Optional { .. }
                    if super::is_timestamp(f.description.as_deref()) =>
                {
                    false
                }
                Type::String => true,
                Type::Optional { of } => **of == Type::String,
                _ => false,
            };
            if per_member.iter().flatten().any(|(f, _)| !is_string(f)) {
                continue;
            }
            let everywhere = per_member.iter().all(|p| matches!(p, Some((_, false))));
            let fi = field_ident(name);
            let arms = members.iter().zip(&per_member).map(|(m, p)| {
                let v = &m.variant;
                match p {
                    Some((_, false)) if everywhere => quote!(#ident::#v(__d) => &__d.#fi,),
                    Some((_, false)) => {
                        quote!(#ident::#v(__d) => ::core::option::Option::Some(&__d.#fi),)
                    }
                    Some((_, true)) => quote!(#ident::#v(__d) => __d.#fi.as_deref(),),
                    None => quote!(#ident::#v(_) => ::core::option::Option::None,),
                }
            });
            let described = per_member
                .iter()
                .flatten()
                .find_map(|(f, _)| f.description.clone());
            if everywhere {
                let mut doc = vec![format!("`{name}`, which every kind has.")];
                doc.extend(described);
                doc.push(format!(
                    "For an unknown kind: the raw object's `{name}` if it is a string, else `\"\"`."
                ));
                let doc = doc_attrs(&doc);
                out.push(quote! {
                    #doc
                    pub fn #fi(&self) -> &str {
                        match self {
                            #(#arms)*
                            #ident::Unknown(__d) => __d.get_str(#name).unwrap_or_default(),
                        }
                    }
                });
            } else {
                let holders: Vec<&str> = members
                    .iter()
                    .zip(&per_member)
                    .filter(|(_, p)| p.is_some())
                    .map(|(m, _)| m.tag)
                    .collect();
                let mut doc = vec![format!(
                    "`{name}`, which only some kinds have: {}.",
                    holders
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )];
                doc.extend(described);
                doc.push(format!(
                    "For an unknown kind: the raw object's `{name}` if it is a string."
                ));
                let doc = doc_attrs(&doc);
                out.push(quote! {
                    #doc
                    pub fn #fi(&self) -> ::core::option::Option<&str> {
                        match self {
                            #(#arms)*
                            #ident::Unknown(__d) => __d.get_str(#name),
                        }
                    }
                });
            }
        }
        quote!(#(#out)*)
    }

    fn visitor(
        &self,
        ident: &Ident,
        context: &Context,
        kind: &Ident,
        members: &[Member<'a>],
    ) -> TokenStream {
        let runtime = self.runtime();
        let ctx = &context.ident;
        let trait_ident = format_ident!("{}Visitor", ctx);
        let methods = members.iter().map(|m| {
            let method = format_ident!("visit_{}", naming::tag_snake(m.tag));
            let p = &m.payload;
            let d = format!(
                "Called for `{}` ([`{kind}::{}`]). By default: [`{trait_ident}::visit_other`].",
                m.tag, m.variant
            );
            quote! {
                #[doc = #d]
                fn #method(&mut self, event: &#ctx, data: &#p) -> Self::Output {
                    let _ = data;
                    self.visit_other(event)
                }
            }
        });
        let arms = members.iter().map(|m| {
            let v = &m.variant;
            let method = format_ident!("visit_{}", naming::tag_snake(m.tag));
            quote!(#ident::#v(__d) => visitor.#method(self, __d),)
        });
        let subject = match &context.field {
            Some(f) => quote!(&self.#f),
            None => quote!(self),
        };
        let doc = format!(
            "Visits a [`{ctx}`] by kind: one method per kind, each falling through to \
             [`visit_other`]({trait_ident}::visit_other) unless overridden; the visitor chooses \
             its `Output`. Call it with [`{ctx}::accept`]."
        );
        quote! {
            #[doc = #doc]
            pub trait #trait_ident {
                /// What every method returns.
                type Output;

                /// The fallback for every kind without its own method, and for unknown kinds
                /// unless [`visit_unknown`](Self::visit_unknown) is overridden.
                fn visit_other(&mut self, event: &#ctx) -> Self::Output;

                #(#methods)*

                /// Called for a kind the spec does not define. By default: `visit_other`.
                fn visit_unknown(
                    &mut self,
                    event: &#ctx,
                    data: &#runtime::UnknownEventData,
                ) -> Self::Output {
                    let _ = data;
                    self.visit_other(event)
                }
            }

            impl #ctx {
                /// Calls the visitor's method for this event's kind.
                pub fn accept<__V: #trait_ident + ?::core::marker::Sized>(
                    &self,
                    visitor: &mut __V,
                ) -> __V::Output {
                    match #subject {
                        #(#arms)*
                        #ident::Unknown(__d) => visitor.visit_unknown(self, __d),
                    }
                }
            }
        }
    }

    /// `parse`, `parse_strict`, `from_json_str` and `FromStr` on the context type.
    fn parse_methods(&self, ident: &Ident, context: &Context, spec_name: &str) -> TokenStream {
        let rt = self.rt();
        let runtime = self.runtime();
        let ctx = &context.ident;
        let subject = match &context.field {
            Some(f) => quote!(&__event.#f),
            None => quote!(&__event),
        };
        let doc = format!(
            "Parses a JSON body. Validates UTF-8 once, then parses in one pass. A kind the spec \
             (`{spec_name}`) does not define becomes [`{ident}::Unknown`]."
        );
        quote! {
            impl #ctx {
                #[doc = #doc]
                pub fn parse(body: &[u8]) -> ::core::result::Result<Self, #runtime::ParseError> {
                    #rt::from_bytes(body)
                }

                /// Like [`parse`](Self::parse) for a `&str` body.
                pub fn from_json_str(body: &str) -> ::core::result::Result<Self, #runtime::ParseError> {
                    ::core::result::Result::Ok(#rt::serde_json::from_str(body)?)
                }

                /// Like [`parse`](Self::parse), but a kind the spec does not define is an error
                /// ([`ParseError::UnknownKind`](#runtime::ParseError::UnknownKind)).
                pub fn parse_strict(body: &[u8]) -> ::core::result::Result<Self, #runtime::ParseError> {
                    let __event = Self::parse(body)?;
                    if let #ident::Unknown(__d) = #subject {
                        return ::core::result::Result::Err(#runtime::ParseError::UnknownKind {
                            tag: __d.tag.clone(),
                        });
                    }
                    ::core::result::Result::Ok(__event)
                }
            }

            impl ::core::str::FromStr for #ctx {
                type Err = #runtime::ParseError;
                fn from_str(body: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::from_json_str(body)
                }
            }
        }
    }
}
