//! `#[webhook_handler]`: turns an `impl` block of `on_<kind>` methods into a dispatching handler.
//!
//! The attribute runs in a downstream crate that has no spec file. It expands to a call of the
//! `__webhook_kinds!` macro that `generate!` emitted next to the types, which calls back into
//! [`expand_callback`] with the spec's kinds ([`KindInfo`]). So a handler is always checked against
//! the spec the types were generated from:
//!
//! - `on_<tag>` with `.` → `_` (`on_session_created`) takes `&Struct` (or `Struct`, cloned), optionally
//!   preceded by `&Envelope`; `on_other(&self, &Envelope)` and `on_unknown(&self, [&Envelope,]
//!   &UnknownEventData)` are optional fallbacks;
//! - a method `on_x` naming no kind is an error at that method, with the closest kind suggested;
//! - a wrong data type names the expected struct; mixing `async fn` and `fn` is an error;
//! - `#[webhook_handler(exhaustive)]` requires a method for every kind and lists the missing ones;
//! - the block gets an inherent `handle(&self | &mut self, &Envelope)` (async if the methods
//!   are), and the generated `…Handler` / `…AsyncHandler` trait is implemented.

mod impl_block;

use crate::naming;
use impl_block::{ArgKind, ImplBlock, Signature};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Token, braced, bracketed, parenthesized};

/// What `generate!` tells the handler about one discriminated union.
#[derive(Clone)]
pub struct KindInfo {
    /// The spec file's display name.
    pub spec: String,
    /// The envelope (or union) type handlers receive.
    pub context: Ident,
    /// The union enum.
    pub union: Ident,
    /// The envelope's field holding the union, or `self` when the context is the union.
    pub field: Ident,
    /// The sync handler trait.
    pub handler: Ident,
    /// The async handler trait.
    pub async_handler: Ident,
    /// `(tag, variant, struct)` per kind in spec order.
    pub kinds: Vec<(String, Ident, Ident)>,
}

/// The options of the attribute: `exhaustive`, `types = path::to::module`.
#[derive(Clone, Default)]
pub struct HandlerOptions {
    /// Require a method for every kind.
    pub exhaustive: Option<Span>,
    /// Where the generated types live (default `::webhook_types`).
    pub types: Option<syn::Path>,
}

impl Parse for HandlerOptions {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut options = HandlerOptions::default();
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            if key == "exhaustive" {
                options.exhaustive = Some(key.span());
            } else if key == "types" {
                input.parse::<Token![=]>()?;
                options.types = Some(input.parse()?);
            } else {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown option `{key}`; expected `exhaustive` or `types = path::to::generated`"
                    ),
                ));
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(options)
    }
}

/// The first step, run by the attribute itself: hands the block to the spec's kinds macro.
pub fn expand_attribute(attr: TokenStream, item: TokenStream) -> TokenStream {
    let options: HandlerOptions = match syn::parse2(attr.clone()) {
        Ok(o) => o,
        Err(e) => {
            return quote!(#item)
                .into_iter()
                .chain(e.to_compile_error())
                .collect();
        }
    };
    let types = types_path(&options);
    quote! {
        #types::__webhook_kinds! {
            ::webhook_types::__handler_impl {
                attr = (#attr);
                item = { #item };
            }
        }
    }
}

fn types_path(options: &HandlerOptions) -> TokenStream {
    match &options.types {
        Some(p) => p.to_token_stream(),
        None => quote!(::webhook_types),
    }
}

/// The input of the second step: the user's block plus the kinds.
struct Callback {
    attr: TokenStream,
    item: ImplBlock,
    info: KindInfo,
}

/// `key =`
fn key(input: ParseStream<'_>, key: &str) -> syn::Result<()> {
    let k: Ident = input.parse()?;
    if k != key {
        return Err(syn::Error::new(k.span(), format!("expected `{key}`")));
    }
    input.parse::<Token![=]>()?;
    Ok(())
}

/// `key = value;`
fn keyed<T: Parse>(input: ParseStream<'_>, name: &str) -> syn::Result<T> {
    key(input, name)?;
    let value = input.parse()?;
    input.parse::<Token![;]>()?;
    Ok(value)
}

impl Parse for Callback {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        key(input, "attr")?;
        let content;
        parenthesized!(content in input);
        let attr: TokenStream = content.parse()?;
        input.parse::<Token![;]>()?;
        key(input, "item")?;
        let content;
        braced!(content in input);
        let item: ImplBlock = content.parse()?;
        input.parse::<Token![;]>()?;
        let spec: syn::LitStr = keyed(input, "spec")?;
        let context = keyed(input, "context")?;
        let union = keyed(input, "union")?;
        // `self` when the context is the union itself.
        key(input, "field")?;
        let field = input.call(Ident::parse_any)?;
        input.parse::<Token![;]>()?;
        let handler = keyed(input, "handler")?;
        let async_handler = keyed(input, "async_handler")?;
        key(input, "kinds")?;
        let content;
        bracketed!(content in input);
        let mut kinds = Vec::new();
        while !content.is_empty() {
            let tag: syn::LitStr = content.parse()?;
            let variant: Ident = content.parse()?;
            let payload: Ident = content.parse()?;
            kinds.push((tag.value(), variant, payload));
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        input.parse::<Token![;]>()?;
        Ok(Callback {
            attr,
            item,
            info: KindInfo {
                spec: spec.value(),
                context,
                union,
                field,
                handler,
                async_handler,
                kinds,
            },
        })
    }
}

/// One `on_…` method of the user's block, understood.
struct Method {
    ident: Ident,
    /// Index into `info.kinds`, or `None` for `on_other` / `on_unknown`.
    kind: Option<usize>,
    takes_event: bool,
    data_by_value: bool,
    mutable: bool,
    is_async: bool,
}

/// The second step: checks the user's block against the kinds and writes the dispatch.
pub fn expand_callback(input: TokenStream) -> TokenStream {
    match syn::parse2::<Callback>(input) {
        Ok(cb) => {
            let options = match syn::parse2::<HandlerOptions>(cb.attr.clone()) {
                Ok(o) => o,
                Err(e) => return e.to_compile_error(),
            };
            expand_impl(cb.item, &cb.info, &options)
        }
        Err(e) => e.to_compile_error(),
    }
}

/// Checks `item` against the spec's kinds and expands it into a handler.
fn expand_impl(mut item: ImplBlock, info: &KindInfo, options: &HandlerOptions) -> TokenStream {
    let types = types_path(options);
    let mut errors: Vec<syn::Error> = Vec::new();
    let mut methods: Vec<Method> = Vec::new();
    let mut other: Option<Method> = None;
    let mut unknown: Option<Method> = None;
    let mut output: Option<syn::ReturnType> = None;
    let mut dropped = Vec::new();

    for (index, member) in item.items.iter().enumerate() {
        let Some(f) = &member.method else {
            continue;
        };
        let name = f.ident.to_string();
        let Some(stem) = name.strip_prefix("on_") else {
            continue;
        };
        let kind = info
            .kinds
            .iter()
            .position(|(tag, _, _)| naming::handler_name(tag) == name);
        if kind.is_none() && stem != "other" && stem != "unknown" {
            errors.push(unknown_kind_error(&f.ident, stem, info));
            dropped.push(index);
            continue;
        }
        match check_signature(f, kind, info, &mut output) {
            Ok(m) => match kind {
                Some(k) => {
                    if let Some(first) = methods.iter().find(|m| m.kind == Some(k)) {
                        errors.push(syn::Error::new(
                            f.ident.span(),
                            format!(
                                "`{}` is handled twice: `{}` is already defined above",
                                info.kinds[k].0, first.ident
                            ),
                        ));
                        dropped.push(index);
                    } else {
                        methods.push(m);
                    }
                }
                None if stem == "other" => other = Some(m),
                None => unknown = Some(m),
            },
            // The method stays in the block: its types exist, only its shape is wrong.
            Err(e) => errors.push(e),
        }
    }

    // async and sync may not mix.
    let all: Vec<&Method> = methods.iter().chain(&other).chain(&unknown).collect();
    let is_async = all.first().is_some_and(|m| m.is_async);
    let mixed = all.iter().any(|m| m.is_async != is_async);
    if let Some(odd) = all.iter().find(|m| m.is_async != is_async) {
        let first = all[0];
        errors.push(syn::Error::new(
            odd.ident.span(),
            format!(
                "`{}` is {} but `{}` is {}: a handler's `on_…` methods must be all `async fn` or all plain `fn`",
                odd.ident,
                if odd.is_async { "async" } else { "not async" },
                first.ident,
                if is_async { "async" } else { "not async" },
            ),
        ));
    }

    if let Some(span) = options.exhaustive {
        let missing: Vec<String> = info
            .kinds
            .iter()
            .enumerate()
            .filter(|(k, _)| !methods.iter().any(|m| m.kind == Some(*k)))
            .map(|(_, (tag, _, _))| format!("`{}` ({tag})", naming::handler_name(tag)))
            .collect();
        if !missing.is_empty() {
            errors.push(syn::Error::new(
                span,
                format!(
                    "this handler is `exhaustive` but lacks {} of the {} kinds in {}: {}",
                    missing.len(),
                    info.kinds.len(),
                    info.spec,
                    missing.join(", ")
                ),
            ));
        }
    }

    item.remove_items(&dropped);
    // With mixed async and sync methods no dispatch is right; report only the mix.
    let dispatch = if mixed {
        TokenStream::new()
    } else {
        dispatch(
            &item,
            info,
            &types,
            &methods,
            other.as_ref(),
            unknown.as_ref(),
            output,
            is_async,
        )
    };
    let errors = errors.iter().map(syn::Error::to_compile_error);
    quote!(#(#errors)* #item #dispatch)
}

fn unknown_kind_error(ident: &Ident, stem: &str, info: &KindInfo) -> syn::Error {
    let scored: Vec<(f64, &str)> = info
        .kinds
        .iter()
        .map(|(tag, _, _)| {
            let score = strsim::normalized_damerau_levenshtein(stem, &naming::tag_snake(tag));
            (score, tag.as_str())
        })
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    let best = scored.iter().map(|(s, _)| *s).fold(0.0, f64::max);
    // Every kind about as close as the best one, in spec order: a renamed kind often ties with
    // an unrelated one, and naming both lets the reader see the rename.
    let close: Vec<String> = scored
        .iter()
        .filter(|(s, _)| best - s < 0.05)
        .take(3)
        .map(|(_, tag)| format!("`{tag}` (`{}`)", naming::handler_name(tag)))
        .collect();
    // Show the stem the way tags are written: `session_foo` → `session.foo` when it starts
    // like a known family of tags.
    let shown = info
        .kinds
        .iter()
        .filter_map(|(tag, _, _)| tag.split_once('.'))
        .find(|(family, _)| stem.starts_with(&format!("{family}_")))
        .map(|(family, _)| format!("{family}.{}", &stem[family.len() + 1..]))
        .unwrap_or_else(|| stem.to_string());
    let mut msg = format!("no event `{shown}` in {}", info.spec);
    if close.is_empty() {
        msg.push_str("; `on_other` and `on_unknown` are the fallbacks");
    } else {
        msg.push_str(&format!("; did you mean {}?", close.join(" or ")));
    }
    syn::Error::new(ident.span(), msg)
}

/// Checks one method's receiver and parameters.
fn check_signature(
    sig: &Signature,
    kind: Option<usize>,
    info: &KindInfo,
    output: &mut Option<syn::ReturnType>,
) -> syn::Result<Method> {
    let ctx = &info.context;
    let (expected_data, label) = match kind {
        Some(k) => (
            Some(info.kinds[k].2.to_string()),
            format!("`{}`", info.kinds[k].0),
        ),
        None if sig.ident == "on_other" => (None, "every kind without its own method".into()),
        None => (
            Some("UnknownEventData".to_string()),
            "kinds the spec does not define".into(),
        ),
    };
    let usage = match &expected_data {
        Some(d) => format!(
            "`fn {}(&self, data: &{d})` or `fn {}(&self, event: &{ctx}, data: &{d})`",
            sig.ident, sig.ident
        ),
        None => format!("`fn {}(&self, event: &{ctx})`", sig.ident),
    };
    let mut inputs = sig.args.iter();
    let mutable = match inputs.next() {
        Some(arg) if let ArgKind::RefSelf { mutable } = arg.kind => mutable,
        Some(other) => {
            return Err(syn::Error::new_spanned(
                &other.tokens,
                format!(
                    "`{}` handles {label}; it must take `&self` or `&mut self`: {usage}",
                    sig.ident
                ),
            ));
        }
        None => {
            return Err(syn::Error::new(
                sig.span,
                format!(
                    "`{}` handles {label}; it must take `&self` or `&mut self`: {usage}",
                    sig.ident
                ),
            ));
        }
    };
    let params: Vec<&syn::Type> = inputs
        .filter_map(|a| match &a.kind {
            ArgKind::Typed(t) => Some(&**t),
            ArgKind::RefSelf { .. } | ArgKind::OtherSelf => None,
        })
        .collect();
    let (takes_event, data) = match (&expected_data, params.as_slice()) {
        (None, [event]) => (Some(*event), None),
        (Some(_), [data]) => (None, Some(*data)),
        (Some(_), [event, data]) => (Some(*event), Some(*data)),
        _ => {
            return Err(syn::Error::new_spanned(
                &sig.inputs,
                format!("`{}` handles {label}; expected {usage}", sig.ident),
            ));
        }
    };
    if let Some(event) = takes_event
        && last_segment(event).as_deref() != Some(&ctx.to_string())
    {
        return Err(syn::Error::new_spanned(
            event,
            format!("`{}` expects the event envelope here: `&{ctx}`", sig.ident),
        ));
    }
    let mut data_by_value = false;
    if let (Some(data), Some(expected)) = (data, &expected_data) {
        data_by_value = !matches!(data, syn::Type::Reference(_));
        if last_segment(data).as_deref() != Some(expected.as_str()) {
            return Err(syn::Error::new_spanned(
                data,
                format!(
                    "`{}` handles {label}, whose data is `{expected}`: expected `&{expected}`, found `{}`",
                    sig.ident,
                    data.to_token_stream().to_string().replace("& ", "&")
                ),
            ));
        }
    }
    if output.is_none() {
        *output = Some(sig.output.clone());
    }
    Ok(Method {
        ident: sig.ident.clone(),
        kind,
        takes_event: takes_event.is_some(),
        data_by_value,
        mutable,
        is_async: sig.is_async,
    })
}

/// The last path segment of a type, behind any reference (`&a::B` → `B`).
fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Reference(r) => last_segment(&r.elem),
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn dispatch(
    item: &ImplBlock,
    info: &KindInfo,
    types: &TokenStream,
    methods: &[Method],
    other: Option<&Method>,
    unknown: Option<&Method>,
    output: Option<syn::ReturnType>,
    is_async: bool,
) -> TokenStream {
    let KindInfo {
        context,
        union,
        field,
        handler,
        async_handler,
        ..
    } = info;
    let ret: syn::Type = match output {
        Some(syn::ReturnType::Type(_, ty)) => *ty,
        _ => syn::parse_quote!(()),
    };
    let await_ = if is_async { quote!(.await) } else { quote!() };
    let default = if last_segment(&ret).as_deref() == Some("Result") {
        quote!(::core::result::Result::Ok(
            ::core::default::Default::default()
        ))
    } else {
        quote!(::core::default::Default::default())
    };
    let fallback = match other {
        Some(m) => {
            let i = &m.ident;
            quote!(self.#i(event)#await_)
        }
        None => default,
    };
    let call = |m: &Method, data: TokenStream| {
        let i = &m.ident;
        let data = if m.data_by_value {
            quote!(::core::clone::Clone::clone(#data))
        } else {
            data
        };
        if m.takes_event {
            quote!(self.#i(event, #data)#await_)
        } else {
            quote!(self.#i(#data)#await_)
        }
    };
    let arms = methods.iter().filter_map(|m| {
        let (_, variant, _) = &info.kinds[m.kind?];
        let c = call(m, quote!(__data));
        Some(quote!(#types::#union::#variant(__data) => #c,))
    });
    let unknown_arm = match unknown {
        Some(m) => {
            let c = call(m, quote!(__data));
            quote!(#types::#union::Unknown(__data) => #c,)
        }
        None => quote!(),
    };
    let subject = if field == "self" {
        quote!(event)
    } else {
        quote!(&event.#field)
    };
    let mutable = methods
        .iter()
        .chain(other)
        .chain(unknown)
        .any(|m| m.mutable);
    let receiver = if mutable {
        quote!(&mut self)
    } else {
        quote!(&self)
    };
    let async_kw = if is_async { quote!(async) } else { quote!() };
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let self_ty = &item.self_ty;
    let doc = format!(
        "Handles one [`{context}`]: calls the `on_…` method for its kind, else the fallback \
         (generated by `#[webhook_handler]` from the kinds of {}).",
        info.spec
    );
    let trait_impl = if is_async {
        quote! {
            impl #impl_generics #types::#async_handler for #self_ty #where_clause {
                type Output = #ret;
                fn handle(
                    &mut self,
                    event: &#types::#context,
                ) -> impl ::core::future::Future<Output = Self::Output> {
                    <#self_ty>::handle(self, event)
                }
            }
        }
    } else {
        quote! {
            impl #impl_generics #types::#handler for #self_ty #where_clause {
                type Output = #ret;
                fn handle(&mut self, event: &#types::#context) -> Self::Output {
                    <#self_ty>::handle(self, event)
                }
            }
        }
    };
    // Every generated local (`event`, `__data`, `self`) is spanned alike (call site): the call
    // site sits inside the spec's `__webhook_kinds!` expansion, so mixing in spans from the
    // user's tokens would split them into different hygiene contexts.
    quote! {
        impl #impl_generics #self_ty #where_clause {
            #[doc = #doc]
            pub #async_kw fn handle(#receiver, event: &#types::#context) -> #ret {
                #[allow(unreachable_patterns, unused_variables)]
                match #subject {
                    #(#arms)*
                    #unknown_arm
                    _ => #fallback,
                }
            }
        }
        #trait_impl
    }
}
